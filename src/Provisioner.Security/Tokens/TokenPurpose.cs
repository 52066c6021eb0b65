using System.Text.Json;

namespace Provisioner.Security.Tokens;

/// <summary>The <c>purpose</c> claim values that tell Choria token kinds apart.</summary>
public static class TokenPurpose
{
    public const string Provisioning = "choria_provisioning";
    public const string Server = "choria_server";
    public const string ClientId = "choria_client_id";

    /// <summary>
    /// The kind of a parsed, unverified token: its <c>purpose</c>, or <see cref="Provisioning"/> for old
    /// tokens that carry it only in <c>sub</c>; null when the payload says neither.
    /// </summary>
    public static string? Of(JwsToken token)
    {
        try
        {
            using var document = JsonDocument.Parse(token.Payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (document.RootElement.TryGetProperty("purpose", out var purpose) && purpose.ValueKind == JsonValueKind.String
                && purpose.GetString() is { Length: > 0 } value)
            {
                return value;
            }
            return document.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String
                && sub.GetString() == Provisioning ? Provisioning : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
