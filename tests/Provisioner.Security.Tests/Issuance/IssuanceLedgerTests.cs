using Provisioner.Security.Issuance;
using Provisioner.Security.Tests.Tokens;
using Xunit;

namespace Provisioner.Security.Tests.Issuance;

public sealed class IssuanceLedgerTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-05T10:00:00Z");
    private const string MemberA = "akka.ssl.tcp://provisioner@10.0.0.1:4053";
    private const string MemberB = "akka.ssl.tcp://provisioner@10.0.0.2:4053";

    [Fact]
    public void Each_member_appends_to_its_own_file_and_every_line_reads_back()
    {
        using var dir = new TempDirectory();
        using (var a = IssuanceLedger.Open(dir.Path, MemberA))
        using (var b = IssuanceLedger.Open(dir.Path, MemberB))
        {
            a.Append(new IssuanceRecord(At, MemberA, "n1", 1, IssuanceRecord.Certificate, "4A01"));
            b.Append(new IssuanceRecord(At, MemberB, "n2", 2, IssuanceRecord.ServerJwt, "jti-2"));
            a.Append(new IssuanceRecord(At, MemberA, "n1", 1, IssuanceRecord.ServerJwt, "jti-1"));
            Assert.NotEqual(a.Path, b.Path);
        }

        var records = IssuanceLedger.ReadAll(dir.Path);

        Assert.Equal(3, records.Count);
        Assert.Equal(["10.0.0.1_4053.jsonl", "10.0.0.2_4053.jsonl"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        Assert.Contains(new IssuanceRecord(At, MemberA, "n1", 1, IssuanceRecord.Certificate, "4A01"), records);
        Assert.Contains(new IssuanceRecord(At, MemberB, "n2", 2, IssuanceRecord.ServerJwt, "jti-2"), records);
        Assert.Contains(new IssuanceRecord(At, MemberA, "n1", 1, IssuanceRecord.ServerJwt, "jti-1"), records);
    }

    [Fact]
    public void A_line_torn_by_a_crash_is_skipped_and_the_next_record_starts_a_line_of_its_own()
    {
        using var dir = new TempDirectory();
        using (var a = IssuanceLedger.Open(dir.Path, MemberA))
        {
            a.Append(new IssuanceRecord(At, MemberA, "n1", 1, IssuanceRecord.Certificate, "4A01"));
        }
        var file = Path.Combine(dir.Path, IssuanceLedger.FileNameFor(MemberA));
        File.AppendAllText(file, "{\"at\":\"2026-12-05T10:00:00+00:00\",\"member\":\"akk");

        using (var again = IssuanceLedger.Open(dir.Path, MemberA))
        {
            again.Append(new IssuanceRecord(At, MemberA, "n2", 1, IssuanceRecord.Certificate, "4A02"));
        }

        Assert.Equal(["4A01", "4A02"], IssuanceLedger.ReadAll(dir.Path).Select(r => r.Id));
    }

    [Fact]
    public void A_missing_directory_reads_as_an_empty_ledger()
    {
        using var dir = new TempDirectory();
        Assert.Empty(IssuanceLedger.ReadAll(Path.Combine(dir.Path, "none")));
    }
}
