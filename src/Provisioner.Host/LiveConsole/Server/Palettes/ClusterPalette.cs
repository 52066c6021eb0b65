using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Messages.Fleet;
using static Akka.Cluster.ClusterEvent;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary>
/// <c>cluster</c>: membership as this member sees it, who leads, and the operator's levers (leave, down).
/// Members are named by their full address or by <c>host:port</c>.
/// </summary>
public sealed class ClusterPalette(ActorSystem system, IActorRef leader, TimeSpan askTimeout) : ICommandPalette
{
    private static readonly CommandArgument AddressArgument =
        CommandArgument.Positional("address", "The member's address (akka.ssl.tcp://provisioner@host:port with cluster TLS, akka.tcp:// without, or host:port)");

    public string Name => "cluster";

    public string Help => "Cluster membership, leadership, and leaving or downing members";

    private Cluster Cluster => Cluster.Get(system);

    public IReadOnlyList<ConsoleCommand> Commands =>
    [
        new("show", "One line per member: address, roles, status, reachability, version", [], ShowAsync),
        new("leader", "The cluster leader and the member running the provisioning leader", [], LeaderAsync),
        new("leave", "Make a member leave gracefully: its shards and singletons move first", [AddressArgument], LeaveAsync) { ChangesState = true },
        new("down", "Mark a member down (it is removed without handing off); for members that are gone", [AddressArgument], DownAsync) { ChangesState = true },
        new("down-unreachable", "Down every member this member sees as unreachable", [], DownUnreachableAsync) { ChangesState = true },
        new("tail", "Membership and reachability events as they happen (current members first)", [], TailAsync) { Streaming = true },
    ];

    private async Task ShowAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var state = Cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        var rows = state.Members
            .Select(m => (IReadOnlyList<string>)
            [
                m.Address.ToString(),
                m.Roles.Count == 0 ? "-" : string.Join(",", m.Roles.Order()),
                m.Status.ToString(),
                unreachable.Contains(m.UniqueAddress) ? "unreachable" : "reachable",
                m.AppVersion.ToString(),
            ])
            .ToList();
        await invocation.TableAsync(["address", "roles", "status", "reachability", "version"], rows, cancellation);
    }

    private async Task LeaderAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var state = Cluster.State;
        await invocation.LineAsync($"cluster leader: {state.Leader?.ToString() ?? "none"}", cancellation);
        string provisioning;
        try
        {
            var status = await leader.Ask<LeaderStatus>(new LeaderMessages.GetStatus(), askTimeout, cancellation);
            provisioning = status.LeaderAddress;
        }
        catch (AskTimeoutException)
        {
            provisioning = $"unknown (no answer within {askTimeout.TotalSeconds:0} s)";
        }
        await invocation.LineAsync($"provisioning leader: {provisioning}", cancellation);
    }

    private async Task LeaveAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var member = Find(invocation.Required("address"));
        system.Log.Info("console: {0} asked {1} to leave the cluster", invocation.Caller, member.Address);
        Cluster.Leave(member.Address);
        await invocation.LineAsync($"{member.Address} is leaving: its shards and singletons hand over, then it exits", cancellation);
    }

    private async Task DownAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var member = Find(invocation.Required("address"));
        system.Log.Warning("console: {0} downed {1}", invocation.Caller, member.Address);
        Cluster.Down(member.Address);
        await invocation.LineAsync($"{member.Address} is marked down", cancellation);
    }

    private async Task DownUnreachableAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var unreachable = Cluster.State.Unreachable.ToList();
        if (unreachable.Count == 0)
        {
            await invocation.LineAsync("no member is unreachable; nothing downed", cancellation);
            return;
        }
        foreach (var member in unreachable)
        {
            system.Log.Warning("console: {0} downed unreachable {1}", invocation.Caller, member.Address);
            Cluster.Down(member.Address);
            await invocation.LineAsync($"{member.Address} is marked down", cancellation);
        }
    }

    private async Task TailAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var (forwarder, events) = ChannelForwarder.Start(system);
        Cluster.Subscribe(forwarder, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent), typeof(LeaderChanged));
        try
        {
            await foreach (var e in events.ReadAllAsync(cancellation))
            {
                if (Describe(e) is { } line)
                {
                    await invocation.LineAsync($"{DateTime.UtcNow:HH:mm:ss.fff} {line}", cancellation);
                }
            }
        }
        finally
        {
            Cluster.Unsubscribe(forwarder);
            system.Stop(forwarder);
        }
    }

    private static string? Describe(object e) => e switch
    {
        MemberRemoved removed => $"MemberRemoved {removed.Member.Address} (was {removed.PreviousStatus})",
        IMemberEvent member => $"{e.GetType().Name} {member.Member.Address} status={member.Member.Status}",
        ReachabilityEvent reachability => $"{e.GetType().Name} {reachability.Member.Address}",
        LeaderChanged changed => $"LeaderChanged {changed.Leader?.ToString() ?? "none"}",
        _ => null,
    };

    private Member Find(string address)
    {
        var members = Cluster.State.Members;
        var member = members.FirstOrDefault(m => m.Address.ToString() == address || $"{m.Address.Host}:{m.Address.Port}" == address);
        return member ?? throw new CommandFailedException(
            $"no member has address {address}; members: {string.Join(", ", members.Select(m => m.Address))}");
    }
}
