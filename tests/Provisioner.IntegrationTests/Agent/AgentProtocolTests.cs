using System.Text;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// The same protocol tests, on a real nats-server, for the real agent and for a simulated node: both must
/// answer alike because they share one implementation of the actions.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class AgentProtocolTests(NatsServerFixture nats) : AgentTestBase(nats)
{
    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task A_scripted_provisioner_drives_the_node_through_every_step_and_it_comes_back_provisioned(NodeKind kind)
    {
        await using var node = await StartNodeAsync(kind, kind == NodeKind.RealAgent ? PkiKeyAlgorithm.Rsa2048 : PkiKeyAlgorithm.EcdsaP256);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);

        Assert.Null(await provisioner.ProvisionAsync(node.Identity));

        var startup = await Events.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.Server);
        Assert.Equal(AgentVersion(), startup.Version);
        // Alive events come on their own schedule (the first after a random 0 to 29 thirtieths of the interval, as
        // go-choria draws it, so now and then at once): they are not part of the provisioning sequence.
        var sequence = Events.Of(node.Identity).Where(e => e.Type != LifecycleEventType.Alive).Select(e => $"{e.TypeName}/{e.Component}").ToList();
        Assert.Equal(
            ["startup/provision_mode_server", "provisioned/provision_mode_server", "shutdown/provision_mode_server", "startup/server"],
            sequence);
        if (node.FleetRun is { } run)
        {
            var result = await run.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(result.AllProvisioned);
        }
    }

    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task The_node_answers_discovery(NodeKind kind)
    {
        await using var node = await StartNodeAsync(kind);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);

        await Eventually.TrueAsync(async () => (await provisioner.Client.DiscoverAsync()).Contains(node.Identity), TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task WrongToken_locked_out_callers_and_unknown_actions_get_choria_errors(NodeKind kind)
    {
        await using var node = await StartNodeAsync(kind);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);
        var rival = new Provisioner.Actors.Rpc.ChoriaRpcClient(Connection, new Provisioner.Actors.Rpc.ChoriaRpcClientOptions { Identity = "rival.example.net" });

        var wrongToken = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "jwt", new JwtRequest("guess"));
        var held = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "jwt", new JwtRequest(ScriptedProvisioner.AgentToken));
        var locked = await rival.CallAsync(node.Identity, AgentNames.Provision, "gen25519", new Gen25519Request("abc", ScriptedProvisioner.AgentToken));
        var unknown = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "upgrade", new ReleaseUpdateRequest("https://repo", ScriptedProvisioner.AgentToken, "1.0"));
        var notAllowed = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "release_update", new ReleaseUpdateRequest("https://repo", ScriptedProvisioner.AgentToken, "1.0"));
        var restart = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "restart", new RestartRequest(1, ScriptedProvisioner.AgentToken));

        Assert.Equal($"invalid response from {node.Identity}: Incorrect provision token supplied (1)", wrongToken.Error);
        Assert.True(held.IsOk);
        Assert.Equal($"invalid response from {node.Identity}: Could not obtain provisioning lock (1)", locked.Error);
        Assert.Equal($"invalid response from {node.Identity}: Unknown action upgrade for agent choria_provision (2)", unknown.Error);
        // The token carries no update claim: the node refuses to replace itself.
        Assert.Equal($"invalid response from {node.Identity}: Version updates is not enabled in the configuration (1)", notAllowed.Error);
        Assert.Equal(StatusCode.Aborted, restart.Body!.StatusCode);
        Assert.StartsWith("Configuration ", restart.Body.StatusMessage);
    }

    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task Bad_input_gets_the_right_status_and_the_node_keeps_serving(NodeKind kind)
    {
        await using var node = await StartNodeAsync(kind);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);
        await Connection.PublishAsync(Subjects.NodeRequest(node.Identity), Encoding.UTF8.GetBytes("{not a transport"));

        var missing = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "gen25519", """{"token":"s3cr3t"}""");
        var wrongType = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "jwt", """{"token":42}""");
        var oversized = await provisioner.Client.CallAsync(node.Identity, AgentNames.Provision, "gen25519", $$"""{"token":"s3cr3t","nonce":"{{new string('n', 65)}}"}""");
        var unknownAgent = await provisioner.Client.CallAsync(node.Identity, "shell", "run", "{}");
        var inventory = await provisioner.Client.CallAsync(node.Identity, AgentNames.RpcUtil, "inventory", "{}");

        Assert.Equal(StatusCode.MissingData, missing.Body!.StatusCode);
        Assert.Equal(StatusCode.InvalidData, wrongType.Body!.StatusCode);
        Assert.Equal(StatusCode.InvalidData, oversized.Body!.StatusCode);
        Assert.Contains("'nonce' is 65 characters", oversized.Body.StatusMessage);
        Assert.Equal(StatusCode.UnknownAction, unknownAgent.Body!.StatusCode);
        Assert.True(inventory.IsOk, inventory.Error);
        Assert.Equal(["provisioning"], inventory.Read<InventoryReply>().Collectives);
    }

    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task Configure_without_provisioning_off_makes_restart_refuse(NodeKind kind)
    {
        await using var node = await StartNodeAsync(kind);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl)
        {
            ExtraConfig = new Dictionary<string, string> { ["plugin.choria.server.provision"] = "true" },
        };

        var error = await provisioner.ProvisionAsync(node.Identity);

        Assert.NotNull(error);
        Assert.StartsWith("restart: invalid response from", error);
        Assert.Contains("enables provisioning, restart cannot continue (1)", error);
    }

    private static string AgentVersion() => Provisioner.Agent.AgentVersion.Current;
}
