using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;

namespace Provisioner.Host.Reporting;

/// <summary>
/// When the cluster served new work again after a member was SIGKILLed: the first node provisioned from an attempt
/// that started at or after <see cref="CountedFrom"/>, timed from the kill. Attempts already running on the survivors
/// finish regardless of the kill, so a node they provisioned says nothing about failover. Nor does the kill time
/// alone separate them: the dead leader's last start messages, still in flight, begin attempts on the survivors just
/// after it (a demo counted a node provisioned 0.3 s after the kill; the entity's answer to that start went to dead
/// letters, its sender gone, and the new leader started 9.6 s after the kill). Counting from the new leader's start,
/// as the members' logs stamp it, leaves only attempts a live leader (or a moved shard beginning a node again) started.
/// </summary>
public sealed record ServedAfterKill(DateTimeOffset KilledAt, DateTimeOffset CountedFrom, TimeSpan? FirstProvisioned, string? Identity, string? Member, int NodesServed)
{
    /// <summary>Whether attempts are counted from a new leader's start rather than from the kill itself.</summary>
    public bool FromNewLeader => CountedFrom > KilledAt;

    /// <param name="records">The journal's nodes.</param>
    /// <param name="killedAt">When the member was SIGKILLed.</param>
    /// <param name="newLeaderAt">When a new leader started after the kill; null counts attempts from the kill.</param>
    /// <exception cref="ArgumentException"><paramref name="newLeaderAt"/> is before <paramref name="killedAt"/>.</exception>
    public static ServedAfterKill Of(IReadOnlyList<NodeRecord> records, DateTimeOffset killedAt, DateTimeOffset? newLeaderAt = null)
    {
        if (newLeaderAt < killedAt)
        {
            throw new ArgumentException($"the new leader's start {newLeaderAt:O} is before the kill {killedAt:O}", nameof(newLeaderAt));
        }
        var countedFrom = newLeaderAt ?? killedAt;
        var served = records
            .Where(r => r.FinalStage == NodeStage.Provisioned && r is { ProvisionedAt: not null, TimeToProvisioned: not null })
            .Where(r => r.ProvisionedAt!.Value - r.TimeToProvisioned!.Value >= countedFrom)
            .OrderBy(r => r.ProvisionedAt)
            .ToList();
        var first = served.FirstOrDefault();
        return new ServedAfterKill(killedAt, countedFrom, first is null ? null : first.ProvisionedAt!.Value - killedAt, first?.Identity, first?.ProvisionedBy, served.Count);
    }
}
