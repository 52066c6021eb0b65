using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>
/// The claims of a client id token (purpose <c>choria_client_id</c>), in Choria's key order: who a caller is
/// and what it may do. The provisioner's own token (the chain issuer, T1) is one of these, with <c>tcs</c>.
/// </summary>
public sealed record ClientIdClaims : StandardClaims
{
    [JsonPropertyName("callerid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? CallerId { get; init; }

    [JsonPropertyName("agents")]
    public IReadOnlyList<string>? AllowedAgents { get; init; }

    [JsonPropertyName("ou")]
    public string? OrganizationUnit { get; init; }

    [JsonPropertyName("user_properties")]
    public IReadOnlyDictionary<string, string>? UserProperties { get; init; }

    [JsonPropertyName("opa_policy")]
    public string? OpaPolicy { get; init; }

    [JsonPropertyName("permissions")]
    public ClientPermissions? Permissions { get; init; }

    [JsonPropertyName("pub_subjects")]
    public IReadOnlyList<string>? PublishSubjects { get; init; }

    [JsonPropertyName("sub_subjects")]
    public IReadOnlyList<string>? SubscribeSubjects { get; init; }

    /// <summary>Whether an organisation issuer chain signed this token (<c>iss</c> = <c>C-…</c>).</summary>
    [JsonIgnore]
    public bool IsChained => Issuer?.StartsWith("C-", StringComparison.Ordinal) == true;
}
