using Provisioner.Security.Issuance;

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

    /// <summary>The helper's <c>server_claims.collectives</c>.</summary>
    public IReadOnlyList<string>? Collectives { get; init; }

    /// <summary>
    /// The configuration the node is sent (the helper's <c>configuration</c> map): its <c>collectives</c> and
    /// <c>plugin.security.provider</c> choose the collectives when the claims name none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Configuration { get; init; }

    /// <summary>The helper's <c>exp</c>: absolute unix seconds.</summary>
    public long? ExpiresAt { get; init; }

    public string? OrganizationUnit { get; init; }
    public IReadOnlyList<string>? PublishSubjects { get; init; }
    public ServerPermissions? Permissions { get; init; }

    /// <summary>
    /// The node's attempt this token is for: <c>iat</c> is its time and <c>jti</c> is derived from it, so issuing
    /// again for the same attempt gives the same token. Null issues at the clock's now with a random <c>jti</c>.
    /// </summary>
    public IssuanceKey? Issuance { get; init; }
}
