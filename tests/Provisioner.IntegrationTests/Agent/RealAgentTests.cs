using Provisioner.Messages.Wire;
using System.Runtime.Versioning;
using NATS.Client.Core;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Host.Cli;
using Provisioner.Messages.Lifecycle;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>The real agent on disk: what provisioning leaves in its directory, how it reports itself, how it restarts.</summary>
[Collection(NatsServerFixture.Collection)]
[UnsupportedOSPlatform("windows")]
public sealed class RealAgentTests(NatsServerFixture nats) : AgentTestBase(nats)
{
    private static (int Exit, string Out, string Error) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ProvisionerCli.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_provisioned_agent_keeps_its_files_with_the_right_modes_and_status_shows_who_it_is()
    {
        await using var node = await StartNodeAsync(NodeKind.RealAgent);
        var directory = node.ConfigDirectory!;
        var before = Cli("agent", "status", "--config-dir", directory, "--identity", node.Identity);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);

        Assert.Null(await provisioner.ProvisionAsync(node.Identity));
        await Events.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.Server);

        Assert.Equal(NodeMode.Provisioned, node.Agent!.CurrentBoot!.Mode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "server.seed")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "server.jwt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "ssl", "private.pem")));
        Assert.Equal(FileModes.Public, File.GetUnixFileMode(Path.Combine(directory, "ssl", "certificate.pem")));
        Assert.Equal(FileModes.Public, File.GetUnixFileMode(Path.Combine(directory, "ssl", "ca.pem")));
        var config = ServerConfig.Parse(File.ReadAllText(Path.Combine(directory, "server.conf")), "server.conf");
        Assert.False(config.GetBool(ServerConfigKeys.Provision));
        using var seed = Ed25519KeyPair.FromSeedHex(File.ReadAllText(Path.Combine(directory, "server.seed")));
        var claims = ServerTokens.Verify(File.ReadAllText(Path.Combine(directory, "server.jwt")), provisioner.ServerJwtKey, TimeProvider.System, node.Identity);
        Assert.Equal(seed.PublicKeyHex, claims.PublicKey);
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));

        var after = Cli("agent", "status", "--config-dir", directory, "--identity", node.Identity);
        Assert.Equal(0, before.Exit);
        Assert.Contains("Supports Provisioning: true", before.Out);
        Assert.Contains("Provisioning Token: *****", before.Out);
        Assert.Contains("Provisioned: no", before.Out);
        Assert.Equal(0, after.Exit);
        Assert.Contains($"Provisioned: yes, as {node.Identity} (server JWT for collectives choria", after.Out);
        Assert.Contains("Mode at boot: provisioned", after.Out);
        Assert.DoesNotContain(ScriptedProvisioner.AgentToken, after.Out);
        Assert.DoesNotContain(Token.Text, after.Out);
        Assert.DoesNotContain(seed.ExportSeedHex(), after.Out);
    }

    [Fact]
    public async Task Reprovisioning_a_provisioned_agent_brings_it_back_into_provisioning_mode()
    {
        await using var node = await StartNodeAsync(NodeKind.RealAgent);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);
        Assert.Null(await provisioner.ProvisionAsync(node.Identity));
        await Events.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.Server);
        var operatorClient = new Provisioner.Actors.Rpc.ChoriaRpcClient(Connection, new Provisioner.Actors.Rpc.ChoriaRpcClientOptions { Identity = "operator.example.net", Collective = "choria" });

        var reprovision = await operatorClient.CallAsync(node.Identity, "choria_provision", "reprovision", new Provisioner.Messages.Wire.Payloads.ReprovisionRequest(ScriptedProvisioner.AgentToken));

        Assert.True(reprovision.IsOk, reprovision.Error);
        await Events.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.ProvisionModeServer, count: 2);
        Assert.Equal(NodeMode.Provisioning, node.Agent!.CurrentBoot!.Mode);
        Assert.False(File.Exists(Path.Combine(node.ConfigDirectory!, "server.seed")));
    }

    [Fact]
    public async Task A_shutdown_request_stops_the_agent_with_exit_code_zero()
    {
        await using var node = await StartNodeAsync(NodeKind.RealAgent);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);

        var shutdown = await provisioner.Client.CallAsync(node.Identity, "choria_provision", "shutdown", new Provisioner.Messages.Wire.Payloads.ShutdownRequest(ScriptedProvisioner.AgentToken));

        Assert.True(shutdown.IsOk, shutdown.Error);
        Assert.Equal(0, await node.AgentExit!.WaitAsync(TimeSpan.FromSeconds(30)));
        await Events.WaitForAsync(node.Identity, LifecycleEventType.Shutdown, LifecycleComponents.ProvisionModeServer);
    }

    [Fact]
    public async Task A_provisioning_agent_publishes_its_registration_data()
    {
        var registration = Path.GetTempFileName();
        try
        {
            File.WriteAllText(registration, """{"rack":"r12"}""");
            var token = ProvisioningToken.For(BrokerUrl, registrationFile: registration);
            await using var published = await Connection.SubscribeCoreAsync<byte[]>("provisioning.registration.data");
            await using var node = TestNodeHost.Start(NodeKind.RealAgent, token, PkiKeyAlgorithm.EcdsaP256);

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var message = await published.Msgs.ReadAsync(wait.Token);

            using var json = System.Text.Json.JsonDocument.Parse(message.Data);
            Assert.Equal("choria:registration:filecontent:1", json.RootElement.GetProperty("protocol").GetString());
            Assert.Equal(registration, json.RootElement.GetProperty("file").GetString());
            Assert.Equal("""{"rack":"r12"}""", System.Text.Encoding.UTF8.GetString(json.RootElement.GetProperty("content").GetBytesFromBase64()));
        }
        finally
        {
            File.Delete(registration);
        }
    }

    [Fact]
    public void Agent_run_refuses_a_directory_that_does_not_exist()
    {
        var (exit, _, error) = Cli("agent", "run", "--config-dir", "/nonexistent/agent-dir");

        Assert.Equal(ExitCodes.UsageOrIo, exit);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void Agent_status_of_a_node_that_cannot_start_says_why()
    {
        var directory = Directory.CreateTempSubdirectory("agent-empty-").FullName;
        try
        {
            var (exit, output, error) = Cli("agent", "status", "--config-dir", directory);

            Assert.Equal(ExitCodes.Invalid, exit);
            Assert.Contains("Supports Provisioning: false", output);
            Assert.Contains("provisioning is not possible", error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_agent_command_runs_a_node_until_interrupted()
    {
        var directory = Directory.CreateTempSubdirectory("agent-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "provisioning.jwt"), Token.Text);
            var identity = $"cli{Guid.NewGuid():N}"[..12] + ".example.net";
            using var stop = new CancellationTokenSource();
            var error = new StringWriter();
            var run = ProvisionerCli.RunAsync(["agent", "run", "--config-dir", directory, "--identity", identity], new StringWriter(), error, stop.Token);

            await Events.WaitForAsync(identity, LifecycleEventType.Startup, LifecycleComponents.ProvisionModeServer);
            await stop.CancelAsync();

            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
            await Events.WaitForAsync(identity, LifecycleEventType.Shutdown, LifecycleComponents.ProvisionModeServer);
            var log = error.ToString();
            Assert.Contains("in Provisioning mode", log);
            Assert.DoesNotContain(ScriptedProvisioner.AgentToken, log);
            Assert.DoesNotContain(Token.Text, log);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_fleet_command_reports_a_machine_readable_summary_and_fails_when_nodes_are_left()
    {
        var tokenFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(tokenFile, Token.Text);
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = await ProvisionerCli.RunAsync(
                ["fleet", "--nodes", "3", "--token-file", tokenFile, "--broker", BrokerUrl, "--timeout", "2", "--identity-prefix", $"nobody{Guid.NewGuid():N}"[..12], "--connections", "1"],
                output, error);

            Assert.Equal(ExitCodes.Invalid, exit);
            var lines = output.ToString().TrimEnd().Split('\n');
            Assert.StartsWith("fleet nodes=3 provisioned=0 failed=3 elapsed_s=", lines[^1]);
            Assert.Contains("not provisioned:", output.ToString());
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task The_fleet_command_refuses_unknown_faults()
    {
        var tokenFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(tokenFile, Token.Text);
            var error = new StringWriter();

            var exit = await ProvisionerCli.RunAsync(["fleet", "--nodes", "1", "--token-file", tokenFile, "--faults", "gremlins=0.5"], new StringWriter(), error);

            Assert.Equal(ExitCodes.UsageOrIo, exit);
            Assert.Contains("--faults: fault 'gremlins' is unknown", error.ToString());
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
