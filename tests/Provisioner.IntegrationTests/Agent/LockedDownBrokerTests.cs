using System.Text.Json.Nodes;
using NATS.Client.Core;
using Provisioner.Agent.Fleet;
using Provisioner.IntegrationTests.Broker;
using Provisioner.Messages.Lifecycle;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// Nodes on the broker <c>provisioner broker init</c> sets up: in provisioning mode they log in with the bearer JWT
/// their token carries and stay inside the provisioning account's lists; provisioned, they log in with the NATS JWT
/// <c>configure</c> gave them, signed with their own gen25519 key, and announce themselves in the fleet account.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class LockedDownBrokerTests(BrokerFixture broker) : IAsyncLifetime
{
    private NatsConnection _provisioner = null!;
    private NatsConnection _fleet = null!;
    private LifecycleWatch _provisioningEvents = null!;
    private LifecycleWatch _fleetEvents = null!;
    private ProvisioningToken _token = null!;

    public async Task InitializeAsync()
    {
        _provisioner = new NatsConnection(BrokerConnection.Options(broker.Url, new NatsAuthOpts { CredsFile = broker.Broker.ProvisionerCredsFile }));
        await _provisioner.ConnectAsync();
        var observer = broker.FleetObserver();
        _fleet = new NatsConnection(BrokerConnection.Options(broker.Url, new NatsAuthOpts { Jwt = observer.Jwt, Seed = observer.Seed }));
        await _fleet.ConnectAsync();
        _provisioningEvents = await LifecycleWatch.StartAsync(_provisioner);
        _fleetEvents = await LifecycleWatch.StartAsync(_fleet);
        _token = ProvisioningToken.For(broker.Url, new JsonObject { ["nats_jwt"] = broker.Broker.ReadProvisioningModeJwt() });
    }

    public async Task DisposeAsync()
    {
        await _provisioningEvents.DisposeAsync();
        await _fleetEvents.DisposeAsync();
        await _provisioner.DisposeAsync();
        await _fleet.DisposeAsync();
    }

    private ScriptedProvisioner Provisioner() => new(_provisioner, _token.VerificationKey, broker.Url)
    {
        NatsJwtFor = (identity, publicKeyHex) => broker.IssueMachineJwt(new TestMachine(identity, [], publicKeyHex)),
    };

    [Theory]
    [InlineData(NodeKind.RealAgent)]
    [InlineData(NodeKind.SimulatedNode)]
    public async Task A_node_provisions_with_the_bearer_jwt_and_comes_back_with_its_issued_credentials(NodeKind kind)
    {
        await using var node = TestNodeHost.Start(kind, _token, PkiKeyAlgorithm.EcdsaP256);
        await _provisioningEvents.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.ProvisionModeServer);
        using var provisioner = Provisioner();

        Assert.Null(await provisioner.ProvisionAsync(node.Identity));

        var startup = await _fleetEvents.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.Server);
        Assert.Equal(node.Identity, startup.Identity);
        if (node.FleetRun is { } run)
        {
            Assert.True((await run.WaitAsync(TimeSpan.FromSeconds(30))).AllProvisioned);
        }
    }

    [Fact]
    public async Task A_simulated_node_without_usable_credentials_is_not_counted_provisioned()
    {
        await using var node = TestNodeHost.Start(NodeKind.SimulatedNode, _token, PkiKeyAlgorithm.EcdsaP256);
        await _provisioningEvents.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.ProvisionModeServer);
        using var provisioner = new ScriptedProvisioner(_provisioner, _token.VerificationKey, broker.Url)
        {
            NatsJwtFor = (identity, _) => broker.IssueMachineJwt(TestMachine.Create(identity)),
        };

        Assert.Null(await provisioner.ProvisionAsync(node.Identity));

        var result = await node.FleetRun!.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(FleetNodeState.Failed, Assert.Single(result.Nodes).State);
        Assert.DoesNotContain(_fleetEvents.Of(node.Identity), e => e.Component == LifecycleComponents.Server);
    }
}
