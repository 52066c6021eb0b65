namespace Provisioner.Security.Tokens;

/// <summary>The two key families Choria tokens are signed with.</summary>
public enum TokenKeyType
{
    /// <summary>RSA: signs RS256, verifies RS256/384/512.</summary>
    Rsa,

    /// <summary>Ed25519: signs and verifies EdDSA.</summary>
    Ed25519,
}
