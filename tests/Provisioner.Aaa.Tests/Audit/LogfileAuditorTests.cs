using Provisioner.Aaa.Audit;

namespace Provisioner.Aaa.Tests.Audit;

public sealed class LogfileAuditorTests
{
    private static readonly AuditRecord Record = new("id", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), "london", "m1",
        AuditKind.Sign, "bob", "up=bob", AuditDecision.Deny, "puppet.enable", "denied", "{\"message\":\"100% sure\"}");

    [Fact]
    public void A_line_has_the_spec_keys_sorted_and_the_request_written_literally()
    {
        var line = System.Text.Encoding.UTF8.GetString(LogfileAuditor.Line(Record));

        Assert.Equal(
            "{\"action\":\"deny\",\"auditor\":\"logfile\",\"caller\":\"up=bob\",\"level\":\"info\",\"msg\":\"{\\\"message\\\":\\\"100% sure\\\"}\",\"site\":\"london\",\"time\":\"2024-01-02T03:04:05+01:00\"}\n",
            line);
        using var parsed = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("{\"message\":\"100% sure\"}", parsed.RootElement.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task The_file_is_created_0600_and_logins_are_not_written()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aaa-audit-{Guid.NewGuid():N}.log");
        try
        {
            var auditor = new LogfileAuditor(path);
            await auditor.WriteAsync(Record, default);
            await auditor.WriteAsync(Record with { Kind = AuditKind.Login }, default);

            Assert.Single(File.ReadAllLines(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
