using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NSec.Cryptography;
using PublicKey = NSec.Cryptography.PublicKey;

namespace Provisioner.Security.Tokens;

/// <summary>
/// A public key that verifies tokens: RSA (from a public key or certificate PEM) for RS256/384/512,
/// or Ed25519 (hex) for EdDSA, as Choria's <c>jwt_verify_cert</c> accepts them.
/// </summary>
public sealed class TokenVerificationKey : IDisposable
{
    private readonly RSA? rsa;
    private readonly PublicKey? ed25519;

    private TokenVerificationKey(RSA rsa) => this.rsa = rsa;

    private TokenVerificationKey(PublicKey ed25519) => this.ed25519 = ed25519;

    public TokenKeyType Type => rsa is not null ? TokenKeyType.Rsa : TokenKeyType.Ed25519;

    /// <summary>The Ed25519 public key as lower-case hex, or null for an RSA key.</summary>
    public string? Ed25519PublicKeyHex =>
        ed25519 is null ? null : Convert.ToHexStringLower(ed25519.Export(KeyBlobFormat.RawPublicKey));

    /// <summary>
    /// Loads a verify key from a file (RSA public key PEM, certificate PEM, or hex Ed25519 public key)
    /// or, when no such file exists, from <paramref name="pathOrHex"/> itself as an inline hex key.
    /// </summary>
    public static TokenVerificationKey Load(string pathOrHex)
    {
        if (File.Exists(pathOrHex))
        {
            string text;
            try
            {
                text = File.ReadAllText(pathOrHex);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TokenException(TokenError.InvalidKey, $"cannot read verify key {pathOrHex}: {e.Message}");
            }
            return Parse(text, pathOrHex);
        }
        if (HexKey.TryDecode(pathOrHex.Trim(), 32, out var inline))
        {
            return FromEd25519(inline);
        }
        throw new TokenException(TokenError.InvalidKey,
            $"verify key {pathOrHex} is neither a readable file nor a 64 hex character Ed25519 public key");
    }

    /// <summary>Parses verify key text; <paramref name="source"/> names it in errors.</summary>
    public static TokenVerificationKey Parse(string text, string source = "verify key")
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return FromPem(trimmed, source);
        }
        if (HexKey.TryDecode(trimmed, 32, out var raw))
        {
            return FromEd25519(raw);
        }
        throw new TokenException(TokenError.InvalidKey,
            $"{source} is neither an RSA public key or certificate PEM nor a 64 hex character Ed25519 public key");
    }

    /// <summary>Wraps a raw 32-byte Ed25519 public key.</summary>
    public static TokenVerificationKey FromEd25519(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            throw new TokenException(TokenError.InvalidKey, $"an Ed25519 public key is 32 bytes, got {publicKey.Length}");
        }
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            throw new TokenException(TokenError.InvalidKey, "the Ed25519 public key is not a valid curve point");
        }
        return new TokenVerificationKey(key);
    }

    /// <summary>Takes a copy of the public half of an RSA key.</summary>
    public static TokenVerificationKey FromRsa(RSA key) => FromRsaParameters(key.ExportParameters(false));

    internal static TokenVerificationKey FromRsaParameters(RSAParameters parameters)
    {
        var copy = RSA.Create();
        copy.ImportParameters(new RSAParameters { Modulus = parameters.Modulus, Exponent = parameters.Exponent });
        return new TokenVerificationKey(copy);
    }

    private static TokenVerificationKey FromPem(string pem, string source)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new TokenException(TokenError.InvalidKey, $"{source} is not a valid PEM");
        }
        var label = pem[fields.Label];
        try
        {
            switch (label)
            {
                case "CERTIFICATE":
                    using (var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pem[fields.Base64Data])))
                    {
                        var key = certificate.GetRSAPublicKey()
                            ?? throw new TokenException(TokenError.InvalidKey, $"the certificate in {source} has no RSA public key");
                        return new TokenVerificationKey(key);
                    }
                case "PUBLIC KEY" or "RSA PUBLIC KEY":
                    var rsa = RSA.Create();
                    try
                    {
                        rsa.ImportFromPem(pem);
                    }
                    catch
                    {
                        rsa.Dispose();
                        throw;
                    }
                    return new TokenVerificationKey(rsa);
                default:
                    throw new TokenException(TokenError.InvalidKey,
                        $"{source} holds a '{label}', expected a 'PUBLIC KEY', 'RSA PUBLIC KEY' or 'CERTIFICATE'");
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            throw new TokenException(TokenError.InvalidKey, $"{source} is not a usable RSA public key: {e.Message}");
        }
    }

    /// <summary>
    /// Checks <paramref name="signature"/> over <paramref name="data"/> for algorithm <paramref name="alg"/>.
    /// Throws <see cref="TokenError.KeyTypeMismatch"/> when this key cannot verify that algorithm.
    /// </summary>
    public bool Verify(string alg, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (JwsAlgorithm.IsRsa(alg))
        {
            if (rsa is null)
            {
                throw new TokenException(TokenError.KeyTypeMismatch, $"the token is signed with {alg} but the verify key is Ed25519");
            }
            var hash = alg switch
            {
                JwsAlgorithm.RS256 => HashAlgorithmName.SHA256,
                JwsAlgorithm.RS384 => HashAlgorithmName.SHA384,
                _ => HashAlgorithmName.SHA512,
            };
            return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
        }
        if (alg == JwsAlgorithm.EdDSA)
        {
            if (ed25519 is null)
            {
                throw new TokenException(TokenError.KeyTypeMismatch, "the token is signed with EdDSA but the verify key is RSA");
            }
            return SignatureAlgorithm.Ed25519.Verify(ed25519, data, signature);
        }
        throw new TokenException(TokenError.UnsupportedAlgorithm, UnsupportedAlgorithmMessage(alg));
    }

    internal static string UnsupportedAlgorithmMessage(string? alg) =>
        $"token algorithm '{alg}' is not accepted; only RS256, RS384, RS512 and EdDSA are";

    public void Dispose() => rsa?.Dispose();
}
