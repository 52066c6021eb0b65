using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>The claims of a server JWT (spec §5 ServerClaims): who the node is and where it may publish.</summary>
public sealed record ServerClaims : StandardClaims
{
    [JsonPropertyName("identity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Identity { get; init; }

    [JsonPropertyName("collectives")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<string>? Collectives { get; init; }

    [JsonPropertyName("permissions")]
    public ServerPermissions? Permissions { get; init; }

    [JsonPropertyName("ou")]
    public string? OrganizationUnit { get; init; }

    [JsonPropertyName("pub_subjects")]
    public IReadOnlyList<string>? PublishSubjects { get; init; }
}
