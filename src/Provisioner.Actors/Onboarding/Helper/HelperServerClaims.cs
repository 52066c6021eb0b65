using System.Text.Json.Serialization;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>
/// The helper's <c>server_claims</c>: the only server JWT claims a helper may choose (spec §4, §5). Other
/// claims a helper writes here are ignored, as Choria ignores them.
/// </summary>
public sealed record HelperServerClaims
{
    [JsonPropertyName("ou")]
    public string? OrganizationUnit { get; init; }

    /// <summary>Absolute expiry, unix seconds; a validity of 1 h or less makes the issuer use its default.</summary>
    [JsonPropertyName("exp")]
    [JsonConverter(typeof(UnixTimeJsonConverter))]
    public long? ExpiresAt { get; init; }

    /// <summary>The collectives the server joins; first choice when the issuer picks them.</summary>
    [JsonPropertyName("collectives")]
    public IReadOnlyList<string>? Collectives { get; init; }

    [JsonPropertyName("pub_subjects")]
    public IReadOnlyList<string>? PublishSubjects { get; init; }

    [JsonPropertyName("permissions")]
    public ServerPermissions? Permissions { get; init; }

    /// <summary>Reads claims a signer stored as JSON in its <c>Signed</c> event; null when there are none.</summary>
    public static HelperServerClaims? Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : System.Text.Json.JsonSerializer.Deserialize<HelperServerClaims>(json);
}
