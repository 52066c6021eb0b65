namespace Provisioner.Security.Tokens;

/// <summary>
/// What the helper decided for one node's server JWT: its identity and ed25519 public key, plus the
/// helper's optional <c>server_claims</c> (collectives, absolute <c>exp</c>, ou, publish subjects, permissions).
/// </summary>
public sealed record ServerJwtRequest
{
    public required string Identity { get; init; }

    /// <summary>The node's Ed25519 public key, 64 hex characters.</summary>
    public required string PublicKeyHex { get; init; }

    public IReadOnlyList<string>? Collectives { get; init; }

    /// <summary>The helper's <c>exp</c>: absolute unix seconds.</summary>
    public long? ExpiresAt { get; init; }

    public string? OrganizationUnit { get; init; }
    public IReadOnlyList<string>? PublishSubjects { get; init; }
    public ServerPermissions? Permissions { get; init; }
}
