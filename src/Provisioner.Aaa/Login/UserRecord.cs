using System.Text.Json.Serialization;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa.Login;

/// <summary>
/// One user of the userlist authenticator, in <c>users</c> or as an array in <c>users_file</c>. Only
/// <see cref="Username"/> and <see cref="Password"/> (a bcrypt hash) are required.
/// </summary>
public sealed record UserRecord
{
    [JsonPropertyName("username")] public string Username { get; init; } = "";

    /// <summary>The bcrypt hash (<c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>); never the password itself.</summary>
    [JsonPropertyName("password")] public string Password { get; init; } = "";

    [JsonPropertyName("organization")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Organization { get; init; }

    [JsonPropertyName("acls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Acls { get; init; }

    [JsonPropertyName("opa_policy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OpaPolicy { get; init; }

    [JsonPropertyName("opa_policy_file")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OpaPolicyFile { get; init; }

    [JsonPropertyName("properties")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    [JsonPropertyName("broker_permissions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClientPermissions? BrokerPermissions { get; init; }

    /// <summary>Masks the hash, which is as good as the password to an offline attacker.</summary>
    public override string ToString() => $"user {Username} (password *****)";
}
