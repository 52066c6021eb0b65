using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Issuance;

namespace Provisioner.Host.Reporting;

/// <summary>
/// The issuance ledger set against the journal. The journal keeps only what was persisted; the ledger also holds
/// what a member issued and then lost in a crash, so only it can show an attempt that was issued two credentials.
/// </summary>
/// <param name="IssuedTwice">(identity, attempt, kind) with more than one serial or <c>jti</c>: must be 0.</param>
/// <param name="IssuedAgain">(identity, attempt, kind) issued more than once with the same id: a step redone after a crash.</param>
/// <param name="NotInLedger">Provisioned nodes whose serial or <c>jti</c> the ledger does not hold for their attempt: must be 0.</param>
public sealed record IssuanceAudit(int Lines, int IssuedTwice, int IssuedAgain, int NotInLedger)
{
    public static IssuanceAudit Of(IReadOnlyList<IssuanceRecord> ledger, IReadOnlyList<NodeRecord> journal)
    {
        var issued = ledger.GroupBy(l => (l.Identity, l.Attempt, l.Kind)).ToDictionary(g => g.Key, g => g.Select(l => l.Id).ToList());
        var twice = issued.Values.Count(ids => ids.Distinct().Count() > 1);
        var again = issued.Values.Count(ids => ids.Count > 1 && ids.Distinct().Count() == 1);
        bool Holds(NodeRecord node, string kind, IReadOnlyList<string> ids) =>
            ids.Count > 0 && issued.TryGetValue((node.Identity, node.Attempts, kind), out var held) && held.Contains(ids[^1]);
        var missing = journal
            .Where(r => r.FinalStage == NodeStage.Provisioned)
            // A node a helper configured without a certificate has no serial for the ledger to hold.
            .Count(r => (r.CertificateSerials.Count > 0 && !Holds(r, IssuanceRecord.Certificate, r.CertificateSerials)) || !Holds(r, IssuanceRecord.ServerJwt, r.JwtIds));
        return new IssuanceAudit(ledger.Count, twice, again, missing);
    }
}
