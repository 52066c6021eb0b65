using Provisioner.Actors.Journal;
using Provisioner.Host.Reporting;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Issuance;
using Xunit;

namespace Provisioner.Host.Tests.Reporting;

public sealed class IssuanceAuditTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    private static IssuanceRecord Line(string identity, int attempt, string kind, string id) => new(At, "m1", identity, attempt, kind, id);

    private static NodeRecord Provisioned(string identity, int attempts, string serial, string jti) =>
        new(identity, NodeStage.Provisioned, attempts, [serial], [jti], null, At, At, TimeSpan.Zero, "m1", 9, []);

    [Fact]
    public void Counts_attempts_with_two_serials_apart_from_attempts_signed_again_with_the_same_one()
    {
        var ledger = new[]
        {
            Line("a", 1, IssuanceRecord.Certificate, "S1"), Line("a", 1, IssuanceRecord.Certificate, "S1"),
            Line("a", 1, IssuanceRecord.ServerJwt, "J1"),
            Line("b", 2, IssuanceRecord.Certificate, "S2"), Line("b", 2, IssuanceRecord.Certificate, "S3"),
            Line("b", 2, IssuanceRecord.ServerJwt, "J2"),
        };
        var journal = new[] { Provisioned("a", 1, "S1", "J1"), Provisioned("b", 2, "S3", "J2") };

        var audit = IssuanceAudit.Of(ledger, journal);

        Assert.Equal((6, 1, 1, 0), (audit.Lines, audit.IssuedTwice, audit.IssuedAgain, audit.NotInLedger));
    }

    [Fact]
    public void A_provisioned_node_whose_serial_or_jti_the_ledger_lacks_for_its_attempt_is_counted()
    {
        var ledger = new[]
        {
            Line("a", 1, IssuanceRecord.Certificate, "S1"), Line("a", 1, IssuanceRecord.ServerJwt, "J1"),
            Line("b", 1, IssuanceRecord.Certificate, "S2"), Line("b", 1, IssuanceRecord.ServerJwt, "J2"),
            Line("c", 1, IssuanceRecord.Certificate, "S4"),
        };
        var journal = new[]
        {
            Provisioned("a", 1, "S1", "J1"),
            Provisioned("b", 2, "S2", "J2"),
            Provisioned("c", 1, "S4", "J4"),
        };

        Assert.Equal(2, IssuanceAudit.Of(ledger, journal).NotInLedger);
    }

    [Fact]
    public void A_node_a_helper_configured_without_a_certificate_needs_only_its_jti_in_the_ledger()
    {
        var ledger = new[]
        {
            Line("a", 2, IssuanceRecord.Certificate, ""), Line("a", 2, IssuanceRecord.ServerJwt, "J1"),
            Line("b", 2, IssuanceRecord.Certificate, ""),
        };
        var journal = new[]
        {
            new NodeRecord("a", NodeStage.Provisioned, 2, [], ["J0", "J1"], null, At, At, TimeSpan.Zero, "m1", 7, []),
            new NodeRecord("b", NodeStage.Provisioned, 2, [], ["J3"], null, At, At, TimeSpan.Zero, "m1", 7, []),
        };

        Assert.Equal(1, IssuanceAudit.Of(ledger, journal).NotInLedger);
    }

    [Fact]
    public void A_summary_with_a_ledger_that_saw_two_serials_is_not_single_issuance()
    {
        var summary = ProvisioningSummary.Of([], members: 1);

        Assert.True(summary.SingleIssuance);
        Assert.False((summary with { Issuance = new IssuanceAudit(2, 1, 0, 0) }).SingleIssuance);
        Assert.False((summary with { Issuance = new IssuanceAudit(2, 0, 0, 1) }).SingleIssuance);
        Assert.True((summary with { Issuance = new IssuanceAudit(2, 0, 1, 0) }).SingleIssuance);
    }
}
