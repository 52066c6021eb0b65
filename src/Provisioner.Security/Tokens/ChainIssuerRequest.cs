namespace Provisioner.Security.Tokens;

/// <summary>
/// What the org issuer signs for a chain issuer (the provisioner's <c>jwt_signing_token</c>): its caller id,
/// the public half of the key it signs with, how long it may sign and what it may do. The defaults are those of
/// <c>choria jwt client --server-provisioner --issuer</c>: <c>fleet_management</c> and <c>provisioner</c>.
/// </summary>
public sealed record ChainIssuerRequest
{
    /// <summary>The caller id, for example <c>provisioner_signer</c>; requests the provisioner signs carry it.</summary>
    public required string CallerId { get; init; }

    /// <summary>The chain issuer's Ed25519 public key, 64 hex characters.</summary>
    public required string PublicKeyHex { get; init; }

    /// <summary>How long it may sign: server JWTs it issues expire no later than it does.</summary>
    public required TimeSpan Validity { get; init; }

    public string OrganizationUnit { get; init; } = "choria";

    public ClientPermissions Permissions { get; init; } = new() { FleetManagement = true, Provisioner = true };
}
