using Provisioner.Host.Cli;
using Provisioner.Host.LiveConsole.Client;
using Provisioner.Security.Keys;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary><c>provisioner cmd</c> against the running member: one-shot commands, exit codes, keys and the shell.</summary>
[Collection(ConsoleMemberCollection.Name)]
public sealed class CmdCommandsTests(ConsoleMemberFixture fixture)
{
    private string Address => fixture.Trusting.ToString();

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task One_shot_command_prints_an_aligned_table_and_exits_0()
    {
        var (code, output, error) = await Run("cmd", Address, "cluster", "show");
        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Matches(@"^address +roles +status +reachability +version$", lines[0]);
        Assert.StartsWith($"{fixture.Member.AkkaAddress}  -", lines[1]);
        Assert.Matches(@"  Up +reachable +\S+$", lines[1]);
        Assert.Equal(lines[0].IndexOf("status"), lines[1].IndexOf("Up"));
    }

    [Fact]
    public async Task Options_of_the_console_command_pass_through_to_the_endpoint()
    {
        var (code, output, error) = await Run("cmd", Address, "node", "list", "--stage", "Provisioned", "--limit", "5");
        Assert.True(code == 0, error);
        Assert.Contains(ConsoleMemberFixture.Provisioned, output);
        Assert.DoesNotContain(ConsoleMemberFixture.Failed, output);
    }

    [Fact]
    public async Task Failed_command_exits_1_with_the_reason_on_stderr()
    {
        var (code, _, error) = await Run("cmd", Address, "node", "show", "nobody.example.net");
        Assert.Equal(1, code);
        Assert.Equal("error: node nobody.example.net is unknown: nothing about it is in the journal (failed)\n", error);
    }

    [Fact]
    public async Task Unknown_command_and_bad_arguments_exit_2()
    {
        Assert.Equal(2, (await Run("cmd", Address, "cluster", "explode")).Code);
        Assert.Equal(2, (await Run("cmd", Address, "node", "list", "--limit", "many")).Code);
    }

    [Fact]
    public async Task Nothing_listening_exits_2_saying_it_cannot_connect()
    {
        var (code, _, error) = await Run("cmd", $"127.0.0.1:{FreePort.Next()}", "cluster", "show");
        Assert.Equal(2, code);
        Assert.StartsWith("error: cannot connect to the console at 127.0.0.1:", error);
    }

    [Fact]
    public async Task Help_lists_the_palettes_from_the_server()
    {
        var (code, output, _) = await Run("cmd", Address, "help");
        Assert.Equal(0, code);
        Assert.Contains("node: One machine's onboarding", output);
        Assert.Matches(@"cluster down <address> \* +Mark a member down", output);
        Assert.Matches(@"log tail \[--level LEVEL\] ~ +Log lines as they are written", output);
        var (_, detail, _) = await Run("cmd", Address, "help", "node", "list");
        Assert.Contains("--stage STAGE", detail);
        Assert.Contains("Failed", detail);
    }

    [Fact]
    public async Task Keygen_writes_a_private_key_only_its_owner_reads_and_signed_commands_are_accepted()
    {
        var dir = Directory.CreateTempSubdirectory("provisioner-cmd-").FullName;
        try
        {
            var (privateFile, publicFile) = (Path.Combine(dir, "console.key"), Path.Combine(dir, "console.pub"));
            var (code, output, error) = await Run("cmd", "keygen", privateFile, publicFile);
            Assert.True(code == 0, error);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateFile));
            }
            var publicHex = File.ReadAllText(publicFile).Trim();
            Assert.Contains($"Public Key: {publicHex}", output);
            using (var pair = Ed25519KeyPair.FromSeedHex(File.ReadAllText(privateFile)))
            {
                Assert.Equal(publicHex, pair.PublicKeyHex);
            }
            Assert.Equal(2, (await Run("cmd", "keygen", privateFile, publicFile)).Code);

            var signedOnly = fixture.SignedOnlyAddress.ToString();
            var unsigned = await Run("cmd", signedOnly, "provisioner", "resume");
            Assert.Equal(1, unsigned.Code);
            Assert.Contains("(unauthorized)", unsigned.Err);
            var stranger = await Run("cmd", signedOnly, "provisioner", "resume", "--key", privateFile);
            Assert.Equal(1, stranger.Code);
            Assert.Contains("is not in the member's authorized keys", stranger.Err);

            var authorized = Path.Combine(dir, "operator.key");
            await File.WriteAllTextAsync(authorized, fixture.AuthorizedKey.ExportSeedHex());
            var signed = await Run("cmd", signedOnly, "--key", authorized, "provisioner", "resume");
            Assert.True(signed.Code == 0, signed.Err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Missing_key_file_is_a_usage_error()
    {
        var (code, _, error) = await Run("cmd", Address, "--key", "/nonexistent/console.key", "cluster", "show");
        Assert.Equal(2, code);
        Assert.Equal("error: key file /nonexistent/console.key does not exist\n", error);
    }

    [Fact]
    public async Task Shell_answers_help_runs_commands_and_exits()
    {
        await using var client = await ConsoleCalls.ConnectAsync(fixture.Trusting);
        var palettes = await client.DescribeAsync(CancellationToken.None);
        var input = new PlainLineInput(new StringReader("help cluster\n\ncluster leader\nnode show \"web1.example.net\"\nbogus\nexit\ncluster show\n"));
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await new ConsoleShell(client, palettes, input, output, error).RunAsync(CancellationToken.None);
        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("cluster: Cluster membership", text);
        Assert.Contains($"cluster leader: {fixture.Member.AkkaAddress}", text);
        Assert.Matches(@"stage +Provisioned", text);
        Assert.DoesNotMatch(@"(?m)^address +roles", text);
        Assert.StartsWith("error: unknown command 'bogus'", error.ToString());
    }
}
