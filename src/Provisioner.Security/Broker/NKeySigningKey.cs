using System.Security.Cryptography;
using NATS.NKeys;
using NSec.Cryptography;

namespace Provisioner.Security.Broker;

/// <summary>
/// An nkey that signs NATS JWTs on the hot path (a machine's credentials per provisioned node): the same Ed25519
/// seed as the <see cref="KeyPair"/> it comes from, held by libsodium, which signs several times faster than the
/// managed Ed25519 inside NATS.NKeys. Ed25519 signatures are deterministic, so the JWTs are the same bytes.
/// </summary>
public sealed class NKeySigningKey : IDisposable
{
    // An encoded seed is 2 prefix bytes, the 32-byte seed and a 2-byte CRC-16; a public key 1 prefix byte, 32 bytes and the CRC.
    private const int SeedOffset = 2;
    private const int KeyLength = 32;

    private readonly Key _key;

    private NKeySigningKey(Key key, string publicKey, PrefixByte prefix)
    {
        _key = key;
        PublicKey = publicKey;
        Prefix = prefix;
    }

    /// <summary>The nkey's public form (<c>A...</c>, <c>O...</c>), the JWTs' <c>iss</c>.</summary>
    public string PublicKey { get; }

    /// <summary>What kind of nkey this is (account, operator, ...).</summary>
    public PrefixByte Prefix { get; }

    /// <summary>Copies the seed of <paramref name="pair"/>; the pair stays the caller's.</summary>
    /// <exception cref="ArgumentException">The pair has no seed, or its seed does not give its public key.</exception>
    public static NKeySigningKey From(KeyPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        string encodedSeed;
        try
        {
            encodedSeed = pair.GetSeed();
        }
        catch (NKeysException e)
        {
            throw new ArgumentException($"nkey has no seed to sign with ({e.Message})", nameof(pair), e);
        }
        var decoded = new byte[Base32.GetDataLength(encodedSeed)];
        try
        {
            var length = Base32.FromBase32(encodedSeed, decoded);
            if (length < SeedOffset + KeyLength)
            {
                throw new ArgumentException("nkey seed is too short", nameof(pair));
            }
            var key = Key.Import(SignatureAlgorithm.Ed25519, decoded.AsSpan(SeedOffset, KeyLength), KeyBlobFormat.RawPrivateKey);
            var publicKey = pair.GetPublicKey();
            var encodedPublic = new byte[Base32.GetDataLength(publicKey)];
            Base32.FromBase32(publicKey, encodedPublic);
            if (!key.PublicKey.Export(KeyBlobFormat.RawPublicKey).AsSpan().SequenceEqual(encodedPublic.AsSpan(1, KeyLength)))
            {
                key.Dispose();
                throw new ArgumentException("nkey seed does not give the key pair's public key", nameof(pair));
            }
            return new NKeySigningKey(key, publicKey, pair.Prefix);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    /// <summary>Masks the key.</summary>
    public override string ToString() => $"NKeySigningKey {PublicKey} (seed *****)";

    public void Dispose() => _key.Dispose();
}
