using System.Text.Json;
using System.Text.Json.Serialization;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Signing;

/// <summary>The parts of a helper's <c>server_claims</c> the provisioner uses (spec §4): ou, exp, collectives, pub_subjects, permissions.</summary>
public sealed record HelperServerClaims(
    [property: JsonPropertyName("ou")] string? OrganizationUnit,
    [property: JsonPropertyName("exp")] long? ExpiresAt,
    [property: JsonPropertyName("collectives")] IReadOnlyList<string>? Collectives,
    [property: JsonPropertyName("pub_subjects")] IReadOnlyList<string>? PublishSubjects,
    [property: JsonPropertyName("permissions")] ServerPermissions? Permissions)
{
    public static HelperServerClaims? Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<HelperServerClaims>(json);
}
