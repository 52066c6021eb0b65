using System.Text.Json.Serialization;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa.Tokens;

/// <summary>
/// The claims of a client JWT (purpose <c>choria_client_id</c>) on top of the standard ones. Empty values are
/// omitted except <c>callerid</c> and <c>purpose</c>, as Go writes them.
/// </summary>
public sealed record ClientIdClaims : StandardClaims
{
    [JsonPropertyName("callerid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string CallerId { get; init; } = "";

    /// <summary>The actionlist (<c>agent.action</c> entries) the userlist's <c>acls</c> grant.</summary>
    [JsonPropertyName("agents")] public IReadOnlyList<string>? AllowedAgents { get; init; }

    [JsonPropertyName("ou")] public string? OrganizationUnit { get; init; }
    [JsonPropertyName("user_properties")] public IReadOnlyDictionary<string, string>? UserProperties { get; init; }
    [JsonPropertyName("opa_policy")] public string? OpaPolicy { get; init; }
    [JsonPropertyName("permissions")] public ClientPermissions? Permissions { get; init; }

    /// <summary>Whether an organisation issuer chain signed this token (<c>iss</c> = <c>C-…</c>).</summary>
    [JsonIgnore]
    public bool IsChained => Issuer?.StartsWith("C-", StringComparison.Ordinal) == true;
}
