using System.Text;
using NSec.Cryptography;

namespace Provisioner.Security.Keys;

/// <summary>
/// Checks the <c>gen25519</c> reply: <c>signature</c> (hex) must be an Ed25519 signature by
/// <c>public_key</c> (hex) over the UTF-8 bytes of the nonce the provisioner sent.
/// </summary>
public static class NonceVerifier
{
    /// <summary>The reason Choria's provisioner gives when the signature does not verify.</summary>
    public const string InvalidSignatureReason = "invalid nonce signature";

    private const int SignatureLength = 64;

    public static NonceVerification Verify(string publicKeyHex, string nonce, string signatureHex)
    {
        if (string.IsNullOrEmpty(nonce))
        {
            return new NonceVerification.Invalid("nonce is empty");
        }
        if (string.IsNullOrEmpty(publicKeyHex) || !HexText.TryDecode(publicKeyHex, out var publicKeyBytes))
        {
            return new NonceVerification.Invalid("public_key is not valid hex");
        }
        if (publicKeyBytes.Length != Ed25519KeyPair.SeedLength)
        {
            return new NonceVerification.Invalid($"public_key must be {Ed25519KeyPair.SeedLength} bytes, got {publicKeyBytes.Length}");
        }
        if (string.IsNullOrEmpty(signatureHex) || !HexText.TryDecode(signatureHex, out var signature))
        {
            return new NonceVerification.Invalid("signature is not valid hex");
        }
        if (signature.Length != SignatureLength)
        {
            return new NonceVerification.Invalid($"signature must be {SignatureLength} bytes, got {signature.Length}");
        }
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKeyBytes, KeyBlobFormat.RawPublicKey, out var publicKey) || publicKey is null)
        {
            return new NonceVerification.Invalid("public_key is not a valid ed25519 public key");
        }
        return SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(nonce), signature)
            ? new NonceVerification.Valid()
            : new NonceVerification.Invalid(InvalidSignatureReason);
    }
}
