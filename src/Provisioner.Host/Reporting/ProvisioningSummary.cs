using Provisioner.Actors.Journal;
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
    double SteadyNodesPerMinute,
    TimeSpan? P50,
    TimeSpan? P95,
    TimeSpan? P99,
    double EventsPerNode,
    IReadOnlyList<(string Reason, int Count)> FailuresByReason,
    IReadOnlyList<(string Member, int Count)> PerMember,
    int Members,
    IssuanceAudit? Issuance = null,
    ServedAfterKill? Failover = null)
{
    /// <summary>True when nothing was signed twice by the journal's count, nor by the ledger's when there is one.</summary>
    public bool SingleIssuance => SignedTwice == 0 && Issuance is null or { IssuedTwice: 0, NotInLedger: 0 };

    public static ProvisioningSummary Of(IReadOnlyList<NodeRecord> records, int? members)
    {
        var provisioned = records.Where(r => r.FinalStage == NodeStage.Provisioned).ToList();
        var failed = records.Where(r => r.FinalStage is NodeStage.Failed or NodeStage.Deferred).ToList();
        var times = provisioned.Where(r => r.TimeToProvisioned is not null).Select(r => r.TimeToProvisioned!.Value).Order().ToList();
        var first = records.Select(r => r.FirstAnnounced).Where(t => t is not null).Min();
        var last = provisioned.Select(r => r.ProvisionedAt).Max();
        var minutes = first is { } f && last is { } l && l > f ? (l - f).TotalMinutes : 0;
        // Steady state: the rate between the 10th and the 90th percentile of completions, leaving out the
        // warm-up (members starting entities) and the tail (retries, unconfirmed restarts).
        var done = provisioned.Where(r => r.ProvisionedAt is not null).Select(r => r.ProvisionedAt!.Value).Order().ToList();
        var steady = 0.0;
        if (done.Count >= 10)
        {
            var (from, to) = (done[done.Count / 10], done[done.Count * 9 / 10]);
            steady = to > from ? (done.Count * 8 / 10) / (to - from).TotalMinutes : 0;
        }
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
            steady,
            Percentile(times, 0.50),
            Percentile(times, 0.95),
            Percentile(times, 0.99),
            records.Count == 0 ? 0 : records.Sum(r => r.Events) / (double)records.Count,
            failed.GroupBy(r => r.LastFailure ?? "?").Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(10).ToList(),
            perMember,
            members ?? perMember.Count);
    }

    /// <summary>The summary as plain JSON for scripts (bench/results).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["nodes"] = Nodes,
        ["provisioned"] = Provisioned,
        ["shut_down"] = ShutDown,
        ["failed"] = Failed,
        ["in_progress"] = InProgress,
        ["signed_twice"] = SignedTwice,
        ["nodes_per_min"] = Math.Round(NodesPerMinute),
        ["steady_nodes_per_min"] = Math.Round(SteadyNodesPerMinute),
        ["p50_ms"] = P50?.TotalMilliseconds,
        ["p95_ms"] = P95?.TotalMilliseconds,
        ["p99_ms"] = P99?.TotalMilliseconds,
        ["journal_events_per_node"] = Math.Round(EventsPerNode, 2),
        ["failures"] = FailuresByReason.ToDictionary(f => f.Reason, f => f.Count),
        ["per_member"] = PerMember.ToDictionary(m => m.Member, m => m.Count),
        ["members"] = Members,
        ["ledger_issued_twice"] = Issuance?.IssuedTwice,
        ["ledger_issued_again_same_id"] = Issuance?.IssuedAgain,
        ["ledger_missing"] = Issuance?.NotInLedger,
        ["failover"] = Failover is not { } f ? null : new Dictionary<string, object?>
        {
            ["killed_at"] = f.KilledAt,
            ["counted_from"] = f.CountedFrom,
            ["kill_to_first_provisioned_s"] = f.FirstProvisioned is { } t ? Math.Round(t.TotalSeconds, 1) : null,
            ["measured_as"] = f.FromNewLeader
                ? "SIGKILL to the first node provisioned from an attempt that started at or after the new leader's start (counted_from; journal and members' logs)"
                : "SIGKILL to the first node provisioned from an attempt that started after the kill (journal)",
            ["first_identity"] = f.Identity,
            ["first_member"] = f.Member,
            ["nodes_from_attempts_counted"] = f.NodesServed,
        },
    }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static TimeSpan? Percentile(List<TimeSpan> sorted, double q) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
