using NATS.Client.Core;
using Provisioner.Messages.Lifecycle;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// What every agent test on the shared nats-server starts from: its own connection, a watch on the lifecycle
/// events and a fresh provisioning token, set up before each test and torn down after it.
/// </summary>
public abstract class AgentTestBase(NatsServerFixture nats) : IAsyncLifetime
{
    private protected string BrokerUrl { get; } = nats.Url;

    private protected NatsConnection Connection { get; } = new(new NatsOpts { Url = nats.Url });

    private protected LifecycleWatch Events { get; private set; } = null!;

    private protected ProvisioningToken Token { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Connection.ConnectAsync();
        Events = await LifecycleWatch.StartAsync(Connection);
        Token = ProvisioningToken.For(BrokerUrl);
    }

    public async Task DisposeAsync()
    {
        await Events.DisposeAsync();
        await Connection.DisposeAsync();
    }

    /// <summary>Starts a node with the test's token and returns once it has announced itself in provisioning mode.</summary>
    private protected async Task<TestNodeHost> StartNodeAsync(NodeKind kind, PkiKeyAlgorithm csrKey = PkiKeyAlgorithm.EcdsaP256)
    {
        var node = TestNodeHost.Start(kind, Token, csrKey);
        await Events.WaitForAsync(node.Identity, LifecycleEventType.Startup, LifecycleComponents.ProvisionModeServer);
        return node;
    }
}
