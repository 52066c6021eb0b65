using Akka.Actor;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Nodes;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Testing;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>A real cluster member (sharding, singleton, SQLite journal, fake steps) with a console endpoint on a free port.</summary>
public sealed class ConsoleMember : IAsyncDisposable
{
    private ConsoleMember(ActorSystem system, ProvisionerCluster cluster, ConsoleEndpoint endpoint, int port)
    {
        System = system;
        Cluster = cluster;
        Endpoint = endpoint;
        Port = port;
    }

    public ActorSystem System { get; }

    public ProvisionerCluster Cluster { get; }

    public ConsoleEndpoint Endpoint { get; }

    /// <summary>The Akka remoting port.</summary>
    public int Port { get; }

    public string AkkaAddress => $"akka.tcp://{ClusterOptions.DefaultSystemName}@127.0.0.1:{Port}";

    public ConsoleAddress ConsoleAddress => new("127.0.0.1", Endpoint.EndPoint.Port);

    /// <summary>
    /// Starts a member joining <paramref name="seed"/> (itself when null) and waits until it is up. With
    /// <paramref name="logBufferConfigured"/> the log buffer is an Akka logger from the start; otherwise the
    /// endpoint subscribes one when it starts.
    /// </summary>
    public static async Task<ConsoleMember> StartAsync(string connectionString, FakeFleet fleet, ConsoleOptions console, string? seed = null, bool logBufferConfigured = false)
    {
        var port = FreePort.Next();
        var self = $"akka.tcp://{ClusterOptions.DefaultSystemName}@127.0.0.1:{port}";
        var loggers = logBufferConfigured ? $"akka.loggers = [\"Akka.Event.DefaultLogger\", \"{ConsoleLogger.LoggerTypeName}\"]" : null;
        var options = new ClusterOptions("127.0.0.1", port, [seed ?? self], JournalDatabase.Sqlite, connectionString, ExtraHocon: loggers);
        var system = ActorSystem.Create(ClusterOptions.DefaultSystemName, ProvisionerConfig.Setup(options));
        var up = new TaskCompletionSource();
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var leader = new LeaderSettings(TimeSpan.FromSeconds(1), 10, TimeSpan.FromMinutes(1));
        var nodes = new NodeOnboardingSettings(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 5);
        var cluster = ProvisionerCluster.Start(system, fleet, fleet, leader, nodes, TimeProvider.System);
        var endpoint = await ConsoleEndpoint.StartAsync(system, cluster, console with { Port = 0 }, CancellationToken.None);
        return new ConsoleMember(system, cluster, endpoint, port);
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        await System.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
