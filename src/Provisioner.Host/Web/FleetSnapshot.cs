namespace Provisioner.Host.Web;

/// <summary>
/// What the web view shows at one moment, the same on every member: the journal's funnel, rate and failures, the
/// cluster's members and leaders. <paramref name="Problem"/> says why part of it may be stale.
/// </summary>
public sealed record FleetSnapshot(
    DateTimeOffset At,
    string ServedBy,
    int Nodes,
    IReadOnlyList<StageCount> Funnel,
    IReadOnlyList<StageCount> Outcomes,
    IReadOnlyList<RatePoint> Rate,
    IReadOnlyList<MemberLoad> Members,
    LeaderView Leader,
    IReadOnlyList<FailureRow> Failures,
    string? Problem);

/// <summary>Nodes whose latest attempt stands at <paramref name="Stage"/> now, and those that got at least this far.</summary>
public sealed record StageCount(string Stage, int Now, int Reached);

/// <summary>Attempts that ended in one second (<paramref name="SecondsAgo"/> before the snapshot).</summary>
public sealed record RatePoint(int SecondsAgo, int Provisioned, int Failed);

/// <summary>A member as the cluster sees it, with the node shards and entities it hosts and the nodes it provisioned.</summary>
public sealed record MemberLoad(string Address, string Status, bool Reachable, int Shards, int Entities, int Provisioned, bool Self);

/// <summary>Who leads: the cluster leader, and the provisioning leader with its queue (null fields: it did not answer).</summary>
public sealed record LeaderView(string? ClusterLeader, string? ProvisioningLeader, bool? Paused, int? Queued, int? InFlight, int? MaxInFlight);

/// <summary>An attempt that ended without provisioning its node, and why.</summary>
public sealed record FailureRow(DateTimeOffset At, string Identity, int Attempt, string Step, string Reason);
