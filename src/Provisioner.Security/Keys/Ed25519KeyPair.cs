using System.Security.Cryptography;
using System.Text;
using Provisioner.Security.Native;

namespace Provisioner.Security.Keys;

/// <summary>
/// An Ed25519 key pair held as its 32-byte seed, as a Choria node keeps it in <c>server.seed</c>
/// (hex) and as the provisioner keeps its issuer key: signs a nonce, exposes the public key as hex. The key is
/// libsodium's, held in ordinary memory that is zeroed on dispose: a node writes the same seed to a file anyway, and an
/// NSec key's guarded pages cost a TLB flush on every core when freed (<see cref="LibSodium"/>).
/// </summary>
public sealed class Ed25519KeyPair : IDisposable
{
    /// <summary>The length of an Ed25519 seed (the private key) in bytes.</summary>
    public const int SeedLength = LibSodium.Ed25519SeedLength;

    // libsodium's secret key: the seed, then the public key.
    private readonly byte[] _secretKey;
    private bool _disposed;

    private Ed25519KeyPair((byte[] SecretKey, byte[] PublicKey) pair)
    {
        _secretKey = pair.SecretKey;
        PublicKey = pair.PublicKey;
    }

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The public key as 64 lower-case hex characters, as <c>gen25519</c> replies it.</summary>
    public string PublicKeyHex => Convert.ToHexStringLower(PublicKey);

    /// <summary>Creates a key pair from a fresh random seed.</summary>
    public static Ed25519KeyPair Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Rebuilds the key pair from its 32-byte seed.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static Ed25519KeyPair FromSeed(ReadOnlySpan<byte> seed) => new(LibSodium.Ed25519FromSeed(seed));

    /// <summary>Rebuilds the key pair from its seed written as 64 hex characters (the <c>server.seed</c> format).</summary>
    /// <exception cref="ArgumentException">The text is not hex, or not 32 bytes.</exception>
    public static Ed25519KeyPair FromSeedHex(string seedHex)
    {
        ArgumentNullException.ThrowIfNull(seedHex);
        if (!HexText.TryDecode(seedHex.Trim(), out var seed))
        {
            throw new ArgumentException("ed25519 seed is not valid hex", nameof(seedHex));
        }
        try
        {
            return FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The 32-byte seed. A secret: never log it.</summary>
    public byte[] ExportSeed() => SecretKey[..SeedLength];

    /// <summary>The seed as 64 lower-case hex characters. A secret: never log it.</summary>
    public string ExportSeedHex() => Convert.ToHexStringLower(SecretKey.AsSpan(0, SeedLength));

    /// <summary>Signs raw bytes; the signature is 64 bytes.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => LibSodium.Ed25519Sign(SecretKey, data.ToArray());

    /// <summary>Signs the UTF-8 bytes of <paramref name="message"/> (a nonce) and returns the signature as hex.</summary>
    public string SignHex(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Convert.ToHexStringLower(LibSodium.Ed25519Sign(SecretKey, Encoding.UTF8.GetBytes(message)));
    }

    // A disposed key's bytes are zeros: signing with them must not happen quietly.
    private byte[] SecretKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secretKey;
        }
    }

    /// <summary>Masks the seed: only the public key is shown.</summary>
    public override string ToString() => $"ed25519 {PublicKeyHex} (seed *****)";

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secretKey);
    }
}
