using Provisioner.Actors.Cluster;
using System.Globalization;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Provisioner.Actors.Nodes;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Messages.Nodes;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary>
/// <c>node</c>: one machine's onboarding as its entity knows it (wherever in the cluster it lives), its history,
/// a list from the journal, and a retry. Identities never seen are answered from the journal without waking an
/// entity, so a typo does not leave a remembered entity behind.
/// </summary>
public sealed class NodePalette(ActorSystem system, IActorRef nodes, IMaterializer materializer, TimeSpan askTimeout) : ICommandPalette
{
    private const int MaxListed = 1000;
    private const int MaxScanned = 5000;
    private const int Parallelism = 8;
    private static readonly string PersistencePrefix = NodePersistenceId.Prefix;
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

    private SqlReadJournal Journal => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(JournalPlugins.Query);

    private async Task ShowAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var identity = await KnownIdentityAsync(invocation, cancellation);
        var view = await nodes.Ask<NodeView>(new NodeQueries.GetState(identity), askTimeout, cancellation);
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
        var history = await nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(identity), askTimeout, cancellation);
        foreach (var line in history.Events)
        {
            await invocation.LineAsync(line, cancellation);
        }
    }

    private async Task ListAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var limit = invocation.Int("--limit", 50, 1, MaxListed);
        NodeStage? stage = invocation.Optional("--stage") is { } name ? Enum.Parse<NodeStage>(name) : null;
        var identities = (await Journal.CurrentPersistenceIds()
                .Where(id => id.StartsWith(PersistencePrefix, StringComparison.Ordinal))
                .RunWith(Sink.Seq<string>(), materializer)
                .WaitAsync(askTimeout, cancellation))
            .Select(id => id[PersistencePrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        var listed = new List<NodeView>();
        var scanned = 0;
        foreach (var batch in identities.Take(MaxScanned).Chunk(Parallelism))
        {
            var views = await Task.WhenAll(batch.Select(id => nodes.Ask<NodeView>(new NodeQueries.GetState(id), askTimeout, cancellation)));
            scanned += batch.Length;
            listed.AddRange(views.Where(v => stage is null || v.Stage == stage));
            if (listed.Count >= limit)
            {
                break;
            }
        }
        var rows = listed.Take(limit)
            .Select(v => (IReadOnlyList<string>)
            [
                v.Identity, v.Stage.ToString(), v.Attempt.ToString(CultureInfo.InvariantCulture),
                v.Tries.ToString(CultureInfo.InvariantCulture), v.LastError ?? "-", v.HostedBy,
            ])
            .ToList();
        await invocation.TableAsync(["identity", "stage", "attempt", "tries", "last error", "hosted by"], rows, cancellation);
        await invocation.LineAsync($"{rows.Count} listed; {scanned} of {identities.Count} nodes in the journal looked at", cancellation);
    }

    private async Task RetryAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var identity = await KnownIdentityAsync(invocation, cancellation);
        var reply = await nodes.Ask<NodeReply>(new NodeCommands.Retry(identity, invocation.Caller), askTimeout, cancellation);
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
        var first = await Journal.CurrentEventsByPersistenceId(PersistencePrefix + identity, 0, long.MaxValue)
            .Take(1)
            .RunWith(Sink.FirstOrDefault<EventEnvelope>(), materializer)
            .WaitAsync(askTimeout, cancellation);
        return first is null
            ? throw new CommandFailedException($"node {identity} is unknown: nothing about it is in the journal")
            : identity;
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "-";
}
