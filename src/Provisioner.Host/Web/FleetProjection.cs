using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Host.Web;

/// <summary>
/// The fleet as the journal tells it, folded entry by entry in the journal's order: each node's stage (the one its
/// entity recovers to, by <see cref="NodeState.Apply"/>), the attempts that ended in each second, the latest failures
/// and the nodes each member provisioned. One reader owns it (<see cref="FleetFeed"/>); it is mutable because at
/// 20,000 nodes a copy per event would be waste.
/// </summary>
public sealed class FleetProjection
{
    /// <summary>How many seconds of rate the snapshot carries.</summary>
    public const int RateSeconds = 120;

    /// <summary>How many failures the snapshot carries, newest first.</summary>
    public const int FailuresKept = 20;

    /// <summary>
    /// With concurrent writers (PostgreSQL) a row with a lower ordering can become visible after higher ones: the
    /// reader reads this many orderings back again, and a node's sequence number drops what was already applied.
    /// </summary>
    public const int Overlap = 500;

    /// <summary>The stages an attempt passes on its way to provisioned, in order: the funnel.</summary>
    public static readonly IReadOnlyList<NodeStage> Pipeline =
    [
        NodeStage.Started, NodeStage.TokenChecked, NodeStage.KeyProven, NodeStage.Inventoried, NodeStage.CsrAccepted,
        NodeStage.Signed, NodeStage.JwtIssued, NodeStage.Configured, NodeStage.Provisioned,
    ];

    /// <summary>Where an attempt ends off the funnel: failed, deferred by the helper, or shut down at its request.</summary>
    public static readonly IReadOnlyList<NodeStage> OffPipeline = [NodeStage.Failed, NodeStage.Deferred, NodeStage.ShuttingDown, NodeStage.ShutDown];

    private readonly Dictionary<string, (NodeStage Stage, long SequenceNr)> _nodes = new(StringComparer.Ordinal);
    private readonly int[] _stages = new int[Enum.GetValues<NodeStage>().Length];
    private readonly Dictionary<long, (int Provisioned, int Failed)> _endedPerSecond = [];
    private readonly LinkedList<FailureRow> _failures = new();
    private readonly Dictionary<string, int> _provisionedBy = new(StringComparer.Ordinal);

    /// <summary>The highest journal ordering applied.</summary>
    public long Cursor { get; private set; }

    /// <summary>Where the next read starts (exclusive): <see cref="Overlap"/> orderings before <see cref="Cursor"/>.</summary>
    public long ReadAfter => Math.Max(0, Cursor - Overlap);

    /// <summary>How many nodes the journal holds.</summary>
    public int Nodes => _nodes.Count;

    /// <summary>Folds in one journal entry; one already applied (same node, same or earlier sequence number) changes nothing.</summary>
    public void Apply(JournalEntry entry)
    {
        Cursor = Math.Max(Cursor, entry.Ordering);
        var e = entry.Event;
        var known = _nodes.TryGetValue(e.Identity, out var node);
        if (known && entry.SequenceNr <= node.SequenceNr)
        {
            return;
        }
        var before = known ? node.Stage : NodeStage.Unknown;
        var after = NodeState.Apply(NodeState.Empty(e.Identity) with { Stage = before }, e).Stage;
        if (known) _stages[(int)before]--;
        _stages[(int)after]++;
        _nodes[e.Identity] = (after, entry.SequenceNr);
        switch (e)
        {
            case NodeEvents.Provisioned p:
                Count(p.At, provisioned: 1, failed: 0);
                _provisionedBy[p.Member] = _provisionedBy.GetValueOrDefault(p.Member) + 1;
                break;
            case NodeEvents.AttemptFailed f:
                Count(f.At, provisioned: 0, failed: 1);
                Remember(new FailureRow(f.At, f.Identity, f.Attempt, f.Step.ToString(), f.Reason));
                break;
            case NodeEvents.AttemptDeferred d:
                Count(d.At, provisioned: 0, failed: 1);
                Remember(new FailureRow(d.At, d.Identity, d.Attempt, "deferred", d.Reason));
                break;
        }
    }

    /// <summary>Nodes at each funnel stage now, and at or past it on the way to provisioned.</summary>
    public IReadOnlyList<StageCount> Funnel()
    {
        var counts = new List<StageCount>(Pipeline.Count);
        var reached = 0;
        for (var i = Pipeline.Count - 1; i >= 0; i--)
        {
            var now = _stages[(int)Pipeline[i]];
            reached += now;
            counts.Add(new StageCount(Pipeline[i].ToString(), now, reached));
        }
        counts.Reverse();
        return counts;
    }

    /// <summary>Nodes whose latest attempt ended off the funnel.</summary>
    public IReadOnlyList<StageCount> Outcomes() =>
        OffPipeline.Select(s => new StageCount(s.ToString(), _stages[(int)s], _stages[(int)s])).ToList();

    /// <summary>
    /// Attempts ended in each of the <see cref="RateSeconds"/> seconds before <paramref name="now"/>, oldest first;
    /// older seconds are forgotten.
    /// </summary>
    public IReadOnlyList<RatePoint> Rate(DateTimeOffset now)
    {
        var last = now.ToUnixTimeSeconds();
        foreach (var second in _endedPerSecond.Keys.Where(s => s <= last - RateSeconds).ToList())
        {
            _endedPerSecond.Remove(second);
        }
        return Enumerable.Range(0, RateSeconds).Reverse()
            .Select(ago => _endedPerSecond.TryGetValue(last - ago, out var n) ? new RatePoint(ago, n.Provisioned, n.Failed) : new RatePoint(ago, 0, 0))
            .ToList();
    }

    /// <summary>The latest failures, newest first.</summary>
    public IReadOnlyList<FailureRow> Failures() => _failures.ToList();

    /// <summary>How many nodes the member at <paramref name="address"/> provisioned.</summary>
    public int ProvisionedBy(string address) => _provisionedBy.GetValueOrDefault(address);

    private void Count(DateTimeOffset at, int provisioned, int failed)
    {
        var second = at.ToUnixTimeSeconds();
        var n = _endedPerSecond.GetValueOrDefault(second);
        _endedPerSecond[second] = (n.Provisioned + provisioned, n.Failed + failed);
    }

    private void Remember(FailureRow failure)
    {
        // Catching up replays failures in the journal's order, which is nearly but not exactly time order.
        var after = _failures.First;
        while (after is not null && after.Value.At > failure.At) after = after.Next;
        if (after is null) _failures.AddLast(failure);
        else _failures.AddBefore(after, failure);
        if (_failures.Count > FailuresKept) _failures.RemoveLast();
    }
}
