using Provisioner.Aaa.Login;
using Provisioner.Host.Cli;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AaaCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aaa-cli-").FullName;

    private string PasswordFile(string password)
    {
        var path = Path.Combine(_dir, $"password-{Guid.NewGuid():N}");
        File.WriteAllText(path, password + "\n");
        return path;
    }

    [Fact]
    public async Task User_add_writes_a_bcrypt_hash_that_verifies_and_never_the_password()
    {
        var users = Path.Combine(_dir, "users.json");

        var (code, stdout, stderr) = await RunAsync("aaa", "user", "add", "--users-file", users, "--username", "bob", "--password-file", PasswordFile("s3cret"),
            "--acl", "rpcutil.*", "--acl", "puppet.status", "--cost", "4");

        Assert.Equal((0, ""), (code, stderr));
        Assert.Contains("user bob saved", stdout);
        var bob = Assert.Single(UserList.Read(users));
        Assert.True(BCrypt.Net.BCrypt.Verify("s3cret", bob.Password));
        Assert.Equal(["rpcutil.*", "puppet.status"], bob.Acls);
        Assert.DoesNotContain("s3cret", File.ReadAllText(users));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(users));
    }

    [Fact]
    public async Task User_add_refuses_an_existing_user_without_force_and_replaces_it_with_force()
    {
        var users = Path.Combine(_dir, "users.json");
        await RunAsync("aaa", "user", "add", "--users-file", users, "--username", "bob", "--password-file", PasswordFile("one"), "--cost", "4");

        var refused = await RunAsync("aaa", "user", "add", "--users-file", users, "--username", "bob", "--password-file", PasswordFile("two"), "--cost", "4");
        var replaced = await RunAsync("aaa", "user", "add", "--users-file", users, "--username", "bob", "--password-file", PasswordFile("two"), "--cost", "4", "--force");

        Assert.Equal(2, refused.Code);
        Assert.Equal(0, replaced.Code);
        Assert.True(BCrypt.Net.BCrypt.Verify("two", Assert.Single(UserList.Read(users)).Password));
    }

    [Theory]
    [InlineData("aaa", "user", "add", "--users-file", "USERS", "--username", "bob", "--acl", "puppet", "--password-file", "PW")]
    [InlineData("aaa", "user", "add", "--users-file", "USERS", "--username", "bob", "--cost", "3", "--password-file", "PW")]
    [InlineData("aaa", "sign", "--agent", "rpcutil", "--action", "ping", "--nats", "nats://127.0.0.1:1")]
    [InlineData("aaa", "sign", "--agent", "rpcutil", "--action", "ping", "--token-file", "/nonexistent/token", "--nats", "nats://127.0.0.1:1")]
    [InlineData("aaa", "audit", "--db", "sqlite", "--db-connection", "Data Source=DB", "--since", "last tuesday")]
    [InlineData("login", "--token-file", "TOKEN", "--password-file", "PW")]
    [InlineData("login", "--url", "http://127.0.0.1:1/choria/v1/login", "--password-file", "PW")]
    public async Task Bad_input_gets_one_error_line_and_exit_2(params string[] args)
    {
        var substituted = args.Select(a => a switch
        {
            "USERS" => Path.Combine(_dir, "users.json"),
            "PW" => PasswordFile("pw"),
            "TOKEN" => Path.Combine(_dir, "token"),
            "DB" => Path.Combine(_dir, "db.sqlite"),
            _ => a,
        }).ToArray();

        var (code, _, stderr) = await RunAsync(substituted);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Aaa_keygen_makes_the_login_key_pair()
    {
        var (code, _, _) = await RunAsync("aaa", "keygen", "--type", "ed25519", Path.Combine(_dir, "login.key"), Path.Combine(_dir, "login.pub"));

        Assert.Equal(0, code);
        Assert.Matches("^[0-9a-f]{64}$", File.ReadAllText(Path.Combine(_dir, "login.key")));
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
