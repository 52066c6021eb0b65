namespace Provisioner.Security.KeyWrap;

/// <summary>
/// A private key wrapped for one node: <paramref name="EncryptedPem"/> goes in <c>configure.key</c> and
/// <paramref name="EcdhPublic"/> (the provisioner's X25519 public key, hex) in <c>configure.ecdh_public</c>.
/// </summary>
public sealed record WrappedKey(string EncryptedPem, string EcdhPublic);
