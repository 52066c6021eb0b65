using System.Text.Json;
using Provisioner.Aaa.Http;
using Provisioner.Host.Cli;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Wire;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Aaa;

/// <summary>A member serving AAA: login over HTTP, signing through the aaa_signer NATS service, the audit read back by the CLI and the console.</summary>
[Collection(NatsServerFixture.Collection)]
public sealed class AaaMemberTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    [Fact]
    public async Task Login_a_signed_request_a_refused_one_and_the_audit()
    {
        var aaa = new AaaSetup(World.Dir, FreePort.Next());
        var member = await World.StartMemberAsync(aaa.MemberSetting);
        var home = Path.Combine(World.Dir, "home");
        var passwordFile = Path.Combine(World.Dir, "password");
        await File.WriteAllTextAsync(passwordFile, AaaSetup.Password + "\n");

        var login = await CliAsync("login", "--url", $"http://{member.AaaEndPoint}{AaaHttpServer.LoginPath}", "--token-file", Path.Combine(home, "client.jwt"),
            "--username", "bob", "--password-file", passwordFile);
        Assert.Equal((0, $"Token saved to {Path.Combine(home, "client.jwt")}", ""), (login.Code, login.Out.Trim(), login.Err));
        Assert.True(File.Exists(Path.Combine(home, "client.key")));

        var signed = await CliAsync("aaa", "sign", "--agent", "rpcutil", "--action", "ping", "--token-file", Path.Combine(home, "client.jwt"), "--nats", Nats.Url);
        Assert.Equal(0, signed.Code);
        using (var secure = JsonDocument.Parse(signed.Out))
        {
            Assert.Equal(Protocols.SecureRequest, secure.RootElement.GetProperty("protocol").GetString());
        }

        var refused = await CliAsync("aaa", "sign", "--agent", "puppet", "--action", "enable", "--token-file", Path.Combine(home, "client.jwt"), "--nats", Nats.Url);
        Assert.Equal((1, "error: signing failed: Request Denied"), (refused.Code, refused.Err.Trim()));

        var audit = await CliAsync("aaa", "audit", "--db", "sqlite", "--db-connection", World.JournalConnection, "--user", "bob", "--since", "1h");
        var lines = audit.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("login  allow  bob  login", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("sign  allow  bob  rpcutil.ping", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("sign  deny  bob  puppet.enable", StringComparison.Ordinal));

        var console = await CliAsync("cmd", $"127.0.0.1:{member.ConsoleEndPoint.Port}", "aaa", "audit", "--user", "up=bob");
        Assert.Equal(0, console.Code);
        Assert.Contains("puppet.enable", console.Out);
    }

    [Fact]
    public async Task A_bad_password_and_an_unknown_user_are_refused_alike_and_each_refusal_is_audited()
    {
        var aaa = new AaaSetup(World.Dir, FreePort.Next());
        var member = await World.StartMemberAsync(aaa.MemberSetting);
        var passwordFile = Path.Combine(World.Dir, "wrong-password");
        await File.WriteAllTextAsync(passwordFile, "wrong\n");
        var url = $"http://{member.AaaEndPoint}{AaaHttpServer.LoginPath}";
        var bobToken = Path.Combine(World.Dir, "bob", "client.jwt");
        var malloryToken = Path.Combine(World.Dir, "mallory", "client.jwt");

        var badPassword = await CliAsync("login", "--url", url, "--token-file", bobToken, "--username", "bob", "--password-file", passwordFile);
        var unknownUser = await CliAsync("login", "--url", url, "--token-file", malloryToken, "--username", "mallory", "--password-file", passwordFile);

        Assert.Equal((1, "", "error: Login failed"), (badPassword.Code, badPassword.Out, badPassword.Err.Trim()));
        Assert.Equal(badPassword, unknownUser);
        Assert.False(File.Exists(bobToken));
        Assert.False(File.Exists(malloryToken));
        var audit = await CliAsync("aaa", "audit", "--db", "sqlite", "--db-connection", World.JournalConnection, "--since", "1h");
        var lines = audit.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("login  deny  bob  login", StringComparison.Ordinal) && l.Contains("wrong password", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("login  deny  mallory  login", StringComparison.Ordinal) && l.Contains("no user mallory", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("allow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_refuses_an_aaa_configuration_it_cannot_run()
    {
        var aaa = new AaaSetup(World.Dir);
        await File.WriteAllTextAsync(aaa.ConfigFile, (await File.ReadAllTextAsync(aaa.ConfigFile)).Replace("\"actionlist\"", "\"opa\""));

        var error = await Assert.ThrowsAsync<Provisioner.Host.Members.MemberConfigurationException>(() => World.StartMemberAsync(aaa.MemberSetting));

        Assert.Contains(error.Problems, p => p.StartsWith("provisioner.aaa.config: authorizer: opa is not supported", StringComparison.Ordinal));
    }

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
