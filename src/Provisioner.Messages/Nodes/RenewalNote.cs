using System.Globalization;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>
/// The credentials an attempt replaces: the node was provisioned by attempt <see cref="Attempt"/> with certificate
/// <see cref="CertificateSerial"/> and server JWT <see cref="Jti"/> (expiring at <see cref="ExpiresAt"/>), and came back
/// to provisioning, as a node renewing ahead of expiry does. Journaled with the attempt's acceptance; the JSON shape is
/// pinned: <c>{"attempt":…,"serial":…,"jti":…,"expires":…}</c> (<c>jti</c> and <c>expires</c> absent without a server JWT).
/// </summary>
public sealed record RenewalNote(
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("serial")] string CertificateSerial,
    [property: JsonPropertyName("jti"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jti,
    [property: JsonPropertyName("expires"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt)
{
    /// <summary>One line for <c>node history</c>: what is renewed and how long before (or after) it expires, seen at <paramref name="at"/>.</summary>
    public string Describe(DateTimeOffset at)
    {
        var what = $"renews attempt {Attempt}'s credentials (serial={CertificateSerial}{(Jti is null ? "" : $" jti={Jti}")})";
        return ExpiresAt switch
        {
            null => what,
            { } expires when expires > at => $"{what} {Span(expires - at)} before they expire at {expires:yyyy-MM-ddTHH:mm:ssZ}",
            { } expires => $"{what} after they expired at {expires:yyyy-MM-ddTHH:mm:ssZ}",
        };
    }

    private static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min"),
        < 172800 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0} d"),
    };
}
