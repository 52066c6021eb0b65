namespace Provisioner.Security.Keys;

/// <summary>Creates the nonces sent in <c>gen25519</c>: a UUIDv4 without dashes, 32 lower-case hex characters.</summary>
public static class NonceFactory
{
    /// <summary>A fresh random nonce.</summary>
    public static string Create() => Guid.NewGuid().ToString("N");
}
