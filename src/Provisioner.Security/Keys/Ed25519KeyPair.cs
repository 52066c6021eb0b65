using System.Text;
using NSec.Cryptography;

namespace Provisioner.Security.Keys;

/// <summary>
/// An Ed25519 key pair held as its 32-byte seed, as a Choria node keeps it in <c>server.seed</c>
/// (hex) and as the provisioner keeps its issuer key: signs a nonce, exposes the public key as hex.
/// </summary>
public sealed class Ed25519KeyPair : IDisposable
{
    /// <summary>The length of an Ed25519 seed (the private key) in bytes.</summary>
    public const int SeedLength = 32;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private Ed25519KeyPair(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The public key as 64 lower-case hex characters, as <c>gen25519</c> replies it.</summary>
    public string PublicKeyHex => Convert.ToHexStringLower(PublicKey);

    /// <summary>Creates a key pair from a fresh random seed.</summary>
    public static Ed25519KeyPair Generate() =>
        new(Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Rebuilds the key pair from its 32-byte seed.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static Ed25519KeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"ed25519 seed must be {SeedLength} bytes, got {seed.Length}", nameof(seed));
        }
        return new(Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    /// <summary>Rebuilds the key pair from its seed written as 64 hex characters (the <c>server.seed</c> format).</summary>
    /// <exception cref="ArgumentException">The text is not hex, or not 32 bytes.</exception>
    public static Ed25519KeyPair FromSeedHex(string seedHex)
    {
        ArgumentNullException.ThrowIfNull(seedHex);
        if (!HexText.TryDecode(seedHex.Trim(), out var seed))
        {
            throw new ArgumentException("ed25519 seed is not valid hex", nameof(seedHex));
        }
        return FromSeed(seed);
    }

    /// <summary>The 32-byte seed. A secret: never log it.</summary>
    public byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>The seed as 64 lower-case hex characters. A secret: never log it.</summary>
    public string ExportSeedHex() => Convert.ToHexStringLower(ExportSeed());

    /// <summary>Signs raw bytes; the signature is 64 bytes.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => Algorithm.Sign(_key, data);

    /// <summary>Signs the UTF-8 bytes of <paramref name="message"/> (a nonce) and returns the signature as hex.</summary>
    public string SignHex(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Convert.ToHexStringLower(Sign(Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>Masks the seed: only the public key is shown.</summary>
    public override string ToString() => $"ed25519 {PublicKeyHex} (seed *****)";

    public void Dispose() => _key.Dispose();
}
