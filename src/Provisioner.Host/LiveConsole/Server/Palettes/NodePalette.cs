using Provisioner.Actors.Cluster;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Messages.Nodes;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary>
/// <c>node</c>: one machine's onboarding as its entity knows it (wherever in the cluster it lives), its history,
/// a list from the journal, and a retry. The list folds each node's events from the journal and identities never
/// seen are answered from it, so neither wakes an entity (a typo must not leave a remembered entity behind).
/// </summary>
public sealed class NodePalette(ProvisionerCluster cluster, TimeSpan askTimeout) : ICommandPalette
{
    private const int MaxListed = 1000;
    private const int MaxScanned = 5000;
    private readonly IActorRef _nodes = cluster.Nodes;
    private readonly JournalReader _journal = new(cluster.Journal);
    private readonly NodeLookup _lookup = new(cluster, askTimeout);
    private static readonly CommandArgument IdentityArgument = CommandArgument.Positional("identity", "The machine's identity (its certificate name)");

    public string Name => "node";

    public string Help => "One machine's onboarding: state, history, listing and retry";

    public IReadOnlyList<ConsoleCommand> Commands =>
    [
        new("show", "Stage, attempt, tries, last error, timestamps and the member hosting the node", [IdentityArgument], ShowAsync),
        new("history", "The node's persisted events, oldest first", [IdentityArgument], HistoryAsync),
        new("list", $"Nodes in the journal with their stage (at most {MaxListed})",
            [
                CommandArgument.Option("--stage", "Only nodes in this stage", Enum.GetNames<NodeStage>()),
                CommandArgument.Option("--limit", $"At most this many nodes (1 to {MaxListed}, default 50)"),
            ],
            ListAsync),
        new("retry", "Start a new attempt for the node now", [IdentityArgument], RetryAsync) { ChangesState = true },
    ];

    private async Task ShowAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var identity = await KnownIdentityAsync(invocation, cancellation);
        var view = await _lookup.ViewAsync(identity, cancellation);
        IReadOnlyList<IReadOnlyList<string>> rows =
        [
            ["identity", view.Identity],
            ["stage", view.Stage.ToString()],
            ["attempt", view.Attempt.ToString(CultureInfo.InvariantCulture)],
            ["tries", view.Tries.ToString(CultureInfo.InvariantCulture)],
            ["last error", view.LastError ?? "-"],
            ["stage since", Time(view.StageSince)],
            ["attempt started", Time(view.AttemptStartedAt)],
            ["provisioned at", Time(view.ProvisionedAt)],
            ["certificate serial", view.CertificateSerial ?? "-"],
            ["jwt id", view.JwtId ?? "-"],
            ["hosted by", view.HostedBy],
        ];
        await invocation.TableAsync(["field", "value"], rows, cancellation);
    }

    private async Task HistoryAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var identity = await KnownIdentityAsync(invocation, cancellation);
        var history = await _lookup.HistoryAsync(identity, cancellation);
        foreach (var line in history.Events)
        {
            await invocation.LineAsync(line, cancellation);
        }
    }

    private async Task ListAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var limit = invocation.Int("--limit", 50, 1, MaxListed);
        NodeStage? stage = invocation.Optional("--stage") is { } name ? Enum.Parse<NodeStage>(name) : null;
        var listed = new List<NodeState>();
        var scanned = 0;
        await foreach (var node in _journal.NodesAsync(MaxScanned, cancellation))
        {
            scanned++;
            var state = node.State;
            if (stage is null || state.Stage == stage)
            {
                listed.Add(state);
            }
            if (listed.Count >= limit)
            {
                break;
            }
        }
        var hosts = await ShardHostsAsync(cancellation);
        var rows = listed
            .Select(n => (IReadOnlyList<string>)
            [
                n.Identity, n.Stage.ToString(), n.Attempt.ToString(CultureInfo.InvariantCulture),
                n.Tries.ToString(CultureInfo.InvariantCulture), n.LastError ?? "-", hosts.GetValueOrDefault(cluster.ShardOf(n.Identity), "-"),
            ])
            .ToList();
        var total = await _journal.CountNodesAsync(cancellation);
        await invocation.TableAsync(["identity", "stage", "attempt", "tries", "last error", "hosted by"], rows, cancellation);
        await invocation.LineAsync($"{rows.Count} listed; {scanned} of {total} nodes in the journal looked at", cancellation);
    }

    /// <summary>The member each running shard lives on: where a node's entity runs, or would wake.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ShardHostsAsync(CancellationToken cancellation)
    {
        var stats = await _nodes.Ask<ClusterShardingStats>(new GetClusterShardingStats(askTimeout), askTimeout + askTimeout, cancellation);
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (member, region) in stats.Regions)
        {
            foreach (var shard in region.Stats.Keys)
            {
                hosts[shard] = member.ToString();
            }
        }
        return hosts;
    }

    private async Task RetryAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var identity = await KnownIdentityAsync(invocation, cancellation);
        var reply = await _nodes.Ask<NodeReply>(new NodeCommands.Retry(identity, invocation.Caller), askTimeout, cancellation);
        switch (reply.Code)
        {
            case NodeReplyCode.Ok:
                await invocation.LineAsync($"{identity}: new attempt started ({reply.Stage})", cancellation);
                break;
            case NodeReplyCode.NoOp:
                await invocation.LineAsync($"{identity}: nothing to do ({reply.Reason})", cancellation);
                break;
            default:
                throw new CommandFailedException($"{identity}: retry rejected in stage {reply.Stage}: {reply.Reason}");
        }
    }

    private async Task<string> KnownIdentityAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var identity = invocation.Required("identity");
        return await _lookup.RefusalAsync(identity, cancellation) switch
        {
            null => identity,
            { Kind: NodeLookupRefusalKind.Invalid } refusal => throw new CommandUsageException(refusal.Message),
            var refusal => throw new CommandFailedException(refusal.Message),
        };
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "-";
}
