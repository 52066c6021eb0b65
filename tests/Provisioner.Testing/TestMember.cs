using Akka.Actor;
using Akka.Configuration;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;

namespace Provisioner.Testing;

/// <summary>
/// A real cluster member in the test process (sharding, leader singleton, a real journal) whose steps and
/// discovery are a <see cref="FakeFleet"/>. Every test that needs a running member without NATS starts it here.
/// </summary>
public sealed class TestMember : IAsyncDisposable
{
    /// <summary>Short timeouts and a quick discovery cycle, so tests settle in seconds.</summary>
    public static readonly LeaderSettings Leader = new(TimeSpan.FromSeconds(1), 10, TimeSpan.FromMinutes(1));

    private TestMember(ActorSystem system, ProvisionerCluster cluster, int port)
    {
        System = system;
        Cluster = cluster;
        Port = port;
    }

    public ActorSystem System { get; }

    public ProvisionerCluster Cluster { get; }

    /// <summary>The Akka remoting port.</summary>
    public int Port { get; }

    public string AkkaAddress => ClusterOptions.AddressOf("127.0.0.1", Port);

    /// <summary>
    /// Starts a member on a free port joining <paramref name="seed"/> (itself when null) and waits until it is up.
    /// <paramref name="config"/> is HOCON layered over hocon/; <paramref name="passivateAfterEnd"/> defaults to 2 s;
    /// <paramref name="features"/> to our profile.
    /// </summary>
    public static async Task<TestMember> StartAsync(
        JournalStore journal, FakeFleet fleet, string? seed = null, Config? config = null, TimeSpan? passivateAfterEnd = null, TimeSpan? upTimeout = null,
        ProvisioningFeatures? features = null)
    {
        var port = FreePort.Next();
        // As a member process does before its journal plugin starts: the leader reads the file at once.
        journal.CreatePrivateFile();
        var options = new ClusterOptions("127.0.0.1", port, [seed ?? ClusterOptions.AddressOf("127.0.0.1", port)], journal, Overrides: config);
        var system = ActorSystem.Create(options.SystemName, ProvisionerConfig.Setup(options));
        var up = new TaskCompletionSource();
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(upTimeout ?? TimeSpan.FromSeconds(30));
        var nodes = new NodeOnboardingSettings(TimeSpan.FromSeconds(10), passivateAfterEnd ?? TimeSpan.FromSeconds(2))
        {
            Features = features ?? ProvisioningFeatures.Ours,
        };
        var cluster = ProvisionerCluster.Start(system, journal, fleet, fleet, fleet, Leader, nodes, TimeProvider.System);
        return new TestMember(system, cluster, port);
    }

    /// <summary>Leaves the cluster gracefully, as a member that is stopped.</summary>
    public async Task LeaveAsync(TimeSpan timeout)
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        await System.WhenTerminated.WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync() => await System.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
}
