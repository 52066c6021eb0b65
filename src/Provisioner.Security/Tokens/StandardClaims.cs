using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>
/// The claims every Choria token carries (Choria tokens' StandardClaims: purpose, chain fields and the
/// registered JWT claims). Absent optional claims are omitted, as Go's <c>omitempty</c> does.
/// </summary>
public abstract record StandardClaims
{
    [JsonPropertyName("purpose")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Purpose { get; init; }

    [JsonPropertyName("tcs")]
    public string? TrustChainSignature { get; init; }

    [JsonPropertyName("public_key")]
    public string? PublicKey { get; init; }

    [JsonPropertyName("issexp")]
    [JsonConverter(typeof(UnixTimeJsonConverter))]
    public long? IssuerExpiresAt { get; init; }

    [JsonPropertyName("iss")]
    public string? Issuer { get; init; }

    [JsonPropertyName("sub")]
    public string? Subject { get; init; }

    [JsonPropertyName("exp")]
    [JsonConverter(typeof(UnixTimeJsonConverter))]
    public long? ExpiresAt { get; init; }

    [JsonPropertyName("nbf")]
    [JsonConverter(typeof(UnixTimeJsonConverter))]
    public long? NotBefore { get; init; }

    [JsonPropertyName("iat")]
    [JsonConverter(typeof(UnixTimeJsonConverter))]
    public long? IssuedAt { get; init; }

    [JsonPropertyName("jti")]
    public string? Id { get; init; }

    /// <summary>When the token stops being valid: the earlier of <c>exp</c> and <c>issexp</c>, null if neither is set.</summary>
    public DateTimeOffset? ExpiryTime()
    {
        long? earliest = (ExpiresAt, IssuerExpiresAt) switch
        {
            (null, null) => null,
            (long exp, null) => exp,
            (null, long issexp) => issexp,
            (long exp, long issexp) => Math.Min(exp, issexp),
        };
        return earliest is null ? null : DateTimeOffset.FromUnixTimeSeconds(earliest.Value);
    }

    /// <summary>The standard claims alone, for display (Choria's <c>jwt view</c> prints them as JSON).</summary>
    public StandardClaimsView ToView() => new()
    {
        Purpose = Purpose,
        TrustChainSignature = TrustChainSignature,
        PublicKey = PublicKey,
        IssuerExpiresAt = IssuerExpiresAt,
        Issuer = Issuer,
        Subject = Subject,
        ExpiresAt = ExpiresAt,
        NotBefore = NotBefore,
        IssuedAt = IssuedAt,
        Id = Id,
    };
}
