using Akka.Actor;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Testing;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>A <see cref="TestMember"/> (SQLite journal, fake steps) with a console endpoint on a free port.</summary>
public sealed class ConsoleMember : IAsyncDisposable
{
    private readonly TestMember _member;

    private ConsoleMember(TestMember member, ConsoleEndpoint endpoint)
    {
        _member = member;
        Endpoint = endpoint;
    }

    public ActorSystem System => _member.System;

    public ProvisionerCluster Cluster => _member.Cluster;

    public ConsoleEndpoint Endpoint { get; }

    /// <summary>The Akka remoting port.</summary>
    public int Port => _member.Port;

    public string AkkaAddress => _member.AkkaAddress;

    public ConsoleAddress ConsoleAddress => new("127.0.0.1", Endpoint.EndPoint.Port);

    /// <summary>
    /// Starts a member joining <paramref name="seed"/> (itself when null) and waits until it is up. With
    /// <paramref name="logBufferConfigured"/> the log buffer is an Akka logger from the start; otherwise the
    /// endpoint subscribes one when it starts.
    /// </summary>
    public static async Task<ConsoleMember> StartAsync(string connectionString, FakeFleet fleet, ConsoleOptions console, string? seed = null, bool logBufferConfigured = false)
    {
        var loggers = logBufferConfigured ? ProvisionerConfig.Value("akka.loggers", new[] { "Akka.Event.DefaultLogger", ConsoleLogger.LoggerTypeName }) : null;
        var member = await TestMember.StartAsync(new JournalStore(JournalDatabase.Sqlite, connectionString), fleet, seed, loggers, passivateAfterEnd: TimeSpan.FromSeconds(30));
        var endpoint = await ConsoleEndpoint.StartAsync(member.System, member.Cluster, console with { Port = 0 }, CancellationToken.None);
        return new ConsoleMember(member, endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        await _member.DisposeAsync();
    }
}
