using System.Globalization;
using Provisioner.Aaa.Configuration;

namespace Provisioner.Aaa.Audit;

/// <summary>The <c>--since</c> of an audit query: an RFC 3339 time, or a Go duration back from now (<c>90m</c>, <c>24h</c>).</summary>
public static class AuditSince
{
    /// <exception cref="FormatException">Neither a time nor a duration.</exception>
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        try
        {
            return now - GoDuration.Parse(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{text}' is neither an RFC 3339 time (2026-01-02T03:04:05Z) nor a duration back from now (90m, 24h)");
        }
    }
}
