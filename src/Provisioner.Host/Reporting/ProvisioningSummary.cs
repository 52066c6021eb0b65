using Provisioner.Actors.Audit;
using Provisioner.Messages.Nodes;

namespace Provisioner.Host.Reporting;

/// <summary>Totals over a journal audit.</summary>
public sealed record ProvisioningSummary(
    int Nodes,
    int Provisioned,
    int ShutDown,
    int Failed,
    int InProgress,
    int SignedTwice,
    double NodesPerMinute,
    TimeSpan? P50,
    TimeSpan? P99,
    IReadOnlyList<(string Reason, int Count)> FailuresByReason,
    IReadOnlyList<(string Member, int Count)> PerMember,
    int Members)
{
    public static ProvisioningSummary Of(IReadOnlyList<NodeRecord> records, int? members)
    {
        var provisioned = records.Where(r => r.FinalStage == NodeStage.Provisioned).ToList();
        var failed = records.Where(r => r.FinalStage is NodeStage.Failed or NodeStage.Deferred).ToList();
        var times = provisioned.Where(r => r.TimeToProvisioned is not null).Select(r => r.TimeToProvisioned!.Value).Order().ToList();
        var first = records.Select(r => r.FirstAnnounced).Where(t => t is not null).Min();
        var last = provisioned.Select(r => r.ProvisionedAt).Max();
        var minutes = first is { } f && last is { } l && l > f ? (l - f).TotalMinutes : 0;
        var perMember = provisioned.GroupBy(r => r.ProvisionedBy ?? "?").Select(g => (g.Key, g.Count())).OrderBy(g => g.Key).ToList();
        // Every successful attempt signs once; more serials than attempts that reached signing means a repeat.
        var signedTwice = records.Count(r => r.CertificateSerials.Count > r.Attempts || r.CertificateSerials.Distinct().Count() != r.CertificateSerials.Count);
        return new ProvisioningSummary(
            records.Count,
            provisioned.Count,
            records.Count(r => r.FinalStage == NodeStage.ShutDown),
            failed.Count,
            records.Count(r => r.FinalStage.IsRunning()),
            signedTwice,
            minutes > 0 ? provisioned.Count / minutes : 0,
            Percentile(times, 0.50),
            Percentile(times, 0.99),
            failed.GroupBy(r => r.LastFailure ?? "?").Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(10).ToList(),
            perMember,
            members ?? perMember.Count);
    }

    private static TimeSpan? Percentile(List<TimeSpan> sorted, double q) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
