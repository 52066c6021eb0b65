using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;

namespace Provisioner.Host.Reporting;

/// <summary>
/// When the cluster served new work again after a member was SIGKILLed: the first node provisioned from an attempt
/// that started after the kill. Attempts already running on the survivors finish regardless of the kill, so a node
/// they provisioned says nothing about failover; an attempt that started after the kill needed a live leader (or a
/// moved shard that began the node again), and so a dead member can never have provisioned it.
/// </summary>
public sealed record ServedAfterKill(DateTimeOffset KilledAt, TimeSpan? FirstProvisioned, string? Identity, string? Member, int NodesServed)
{
    public static ServedAfterKill Of(IReadOnlyList<NodeRecord> records, DateTimeOffset killedAt)
    {
        var served = records
            .Where(r => r.FinalStage == NodeStage.Provisioned && r is { ProvisionedAt: not null, TimeToProvisioned: not null })
            .Where(r => r.ProvisionedAt!.Value - r.TimeToProvisioned!.Value >= killedAt)
            .OrderBy(r => r.ProvisionedAt)
            .ToList();
        var first = served.FirstOrDefault();
        return new ServedAfterKill(killedAt, first is null ? null : first.ProvisionedAt!.Value - killedAt, first?.Identity, first?.ProvisionedBy, served.Count);
    }
}
