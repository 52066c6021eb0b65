namespace Provisioner.Aaa.Audit;

/// <summary>How an audit record reads on a console or terminal: one line, time first.</summary>
public static class AuditLine
{
    public static readonly IReadOnlyList<string> Columns = ["time", "kind", "decision", "user", "subject", "member", "reason"];

    public static IReadOnlyList<string> Cells(AuditRecord record) =>
    [
        record.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        record.Kind.ToString().ToLowerInvariant(),
        record.Action,
        record.User,
        record.Subject,
        record.Member,
        record.Reason,
    ];

    public static string Format(AuditRecord record) => string.Join("  ", Cells(record));
}
