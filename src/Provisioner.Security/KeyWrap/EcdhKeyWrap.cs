using System.Security.Cryptography;

namespace Provisioner.Security.KeyWrap;

/// <summary>
/// Choria's key wrap (provisioning step 7): the password of a legacy-encrypted <c>RSA PRIVATE KEY</c> PEM is
/// the raw 32-byte X25519 secret between a fresh provisioner key pair and the node's <c>ecdh_public</c>.
/// </summary>
public static class EcdhKeyWrap
{
    /// <summary>The PEM block type Choria's <c>configure</c> action accepts.</summary>
    public const string BlockType = "RSA PRIVATE KEY";

    /// <summary>
    /// Provisioner side: wraps an RSA private key (PKCS#1 <c>RSA PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c> PEM)
    /// for the node whose <c>jwt</c> reply carried <paramref name="nodeEcdhPublicHex"/>.
    /// </summary>
    /// <exception cref="KeyWrapException">The key is not an RSA private key PEM, or the node's key is malformed.</exception>
    public static WrappedKey Wrap(string privateKeyPem, string nodeEcdhPublicHex)
    {
        var nodePublicKey = X25519KeyPair.DecodePublicKeyHex(nodeEcdhPublicHex);
        var der = ToPkcs1(privateKeyPem);
        using var provisionerKey = X25519KeyPair.Generate();
        var secret = provisionerKey.DeriveSharedSecret(nodePublicKey);
        try
        {
            return new WrappedKey(LegacyPemEncryption.Encrypt(BlockType, der, secret), provisionerKey.PublicKeyHex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>
    /// Node side: decrypts <paramref name="encryptedPem"/> with the node's X25519 key pair (from its last
    /// <c>jwt</c> reply) and the provisioner's <c>ecdh_public</c>; returns the plain <c>RSA PRIVATE KEY</c> PEM.
    /// </summary>
    /// <exception cref="KeyWrapException">Not encrypted, bad headers, or the wrong key pair (an incorrect decryption password).</exception>
    public static string Unwrap(string encryptedPem, X25519KeyPair nodeKey, string provisionerEcdhPublicHex)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        var secret = nodeKey.DeriveSharedSecret(provisionerEcdhPublicHex);
        try
        {
            var (blockType, der) = LegacyPemEncryption.Decrypt(encryptedPem, secret);
            try
            {
                return PemEncoding.WriteString(blockType, der);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static byte[] ToPkcs1(string privateKeyPem)
    {
        if (string.IsNullOrWhiteSpace(privateKeyPem))
        {
            throw new KeyWrapException("key is empty");
        }
        using var rsa = RSA.Create();
        try
        {
            // A PUBLIC KEY PEM imports fine; exporting the private part is what rejects it.
            rsa.ImportFromPem(privateKeyPem);
            return rsa.ExportRSAPrivateKey();
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new KeyWrapException("key is not an unencrypted RSA private key PEM ('RSA PRIVATE KEY' or 'PRIVATE KEY')");
        }
    }
}
