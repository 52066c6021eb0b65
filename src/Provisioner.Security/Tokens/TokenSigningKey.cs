using System.Security.Cryptography;
using NSec.Cryptography;

namespace Provisioner.Security.Tokens;

/// <summary>
/// A private key that signs tokens: an RSA key (RS256) or an Ed25519 seed (EdDSA), as Choria's
/// <c>jwt_signing_key</c> and <c>choria jwt</c> accept them.
/// </summary>
public sealed class TokenSigningKey : IDisposable
{
    private readonly RSA? rsa;
    private readonly Key? ed25519;

    private TokenSigningKey(RSA rsa)
    {
        this.rsa = rsa;
        VerificationKey = TokenVerificationKey.FromRsaParameters(rsa.ExportParameters(false));
    }

    private TokenSigningKey(Key ed25519)
    {
        this.ed25519 = ed25519;
        VerificationKey = TokenVerificationKey.FromEd25519(ed25519.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public TokenKeyType Type => rsa is not null ? TokenKeyType.Rsa : TokenKeyType.Ed25519;

    /// <summary>The JWS <c>alg</c> this key signs with: RS256 or EdDSA.</summary>
    public string Algorithm => rsa is not null ? JwsAlgorithm.RS256 : JwsAlgorithm.EdDSA;

    /// <summary>The public half, for verifying what this key signed.</summary>
    public TokenVerificationKey VerificationKey { get; }

    /// <summary>
    /// Reads a signing key file: an RSA private key PEM, or exactly 64 hex characters of Ed25519 seed. Choria reads a
    /// seed file as it is (choria-v2 §2.1, scenario 16), so a seed with a trailing newline is refused here too rather
    /// than working with us and failing with Choria.
    /// </summary>
    public static TokenSigningKey Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenException(TokenError.InvalidKey, $"cannot read signing key {path}: {e.Message}");
        }
        var trimmed = text.Trim();
        if (trimmed.Length != text.Length && !trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal) && HexKey.TryDecode(trimmed, 32, out _))
        {
            throw new TokenException(TokenError.InvalidKey,
                $"unsupported key in {path}: an Ed25519 seed file is exactly 64 hex characters with no newline, as Choria reads it (write it with printf '%s')");
        }
        return Parse(text, path);
    }

    /// <summary>Parses signing key text; <paramref name="source"/> names it in errors.</summary>
    public static TokenSigningKey Parse(string text, string source = "signing key")
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return FromRsaPem(trimmed, source);
        }
        if (HexKey.TryDecode(trimmed, 32, out var seed))
        {
            return FromEd25519Seed(seed);
        }
        throw new TokenException(TokenError.InvalidKey,
            $"{source} is neither an RSA private key PEM nor a 64 hex character Ed25519 seed");
    }

    /// <summary>Wraps an Ed25519 seed (32 bytes).</summary>
    public static TokenSigningKey FromEd25519Seed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new TokenException(TokenError.InvalidKey, $"an Ed25519 seed is 32 bytes, got {seed.Length}");
        }
        return new TokenSigningKey(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey));
    }

    /// <summary>Takes a copy of an RSA private key.</summary>
    public static TokenSigningKey FromRsa(RSA key)
    {
        var copy = RSA.Create();
        copy.ImportParameters(key.ExportParameters(true));
        return new TokenSigningKey(copy);
    }

    private static TokenSigningKey FromRsaPem(string pem, string source)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new TokenException(TokenError.InvalidKey, $"{source} is not a valid PEM");
        }
        var label = pem[fields.Label];
        if (label is not ("RSA PRIVATE KEY" or "PRIVATE KEY"))
        {
            throw new TokenException(TokenError.InvalidKey,
                $"{source} holds a '{label}', expected an unencrypted 'RSA PRIVATE KEY' or 'PRIVATE KEY'");
        }
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
            return new TokenSigningKey(key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new TokenException(TokenError.InvalidKey, $"{source} is not a usable RSA private key: {e.Message}");
        }
    }

    /// <summary>Signs the JWS signing input with this key's algorithm.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (rsa is not null)
        {
            return rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        return SignatureAlgorithm.Ed25519.Sign(ed25519!, data);
    }

    public void Dispose()
    {
        rsa?.Dispose();
        ed25519?.Dispose();
        VerificationKey.Dispose();
    }
}
