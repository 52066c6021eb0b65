using System.Security.Cryptography;
using Provisioner.Security.Keys;
using Provisioner.Security.Native;

namespace Provisioner.Security.KeyWrap;

/// <summary>
/// An X25519 key pair for the key-wrap exchange: the node makes a new one on every <c>jwt</c> call and
/// sends its public key as <c>ecdh_public</c>; the provisioner makes one per wrapped key.
/// </summary>
public sealed class X25519KeyPair : IDisposable
{
    /// <summary>The length of an X25519 key (private or public) in bytes.</summary>
    public const int KeyLength = LibSodium.ScalarLength;

    private readonly byte[] _privateKey;
    private bool _disposed;

    private X25519KeyPair(byte[] privateKey)
    {
        _privateKey = privateKey;
        PublicKey = LibSodium.ScalarMultBase(privateKey);
    }

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The public key as 64 lower-case hex characters: the wire's <c>ecdh_public</c>.</summary>
    public string PublicKeyHex => Convert.ToHexStringLower(PublicKey);

    /// <summary>A fresh key pair from the CSPRNG.</summary>
    public static X25519KeyPair Generate() => new(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>Rebuilds a key pair from its 32-byte private key.</summary>
    public static X25519KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new KeyWrapException($"X25519 private key must be {KeyLength} bytes, got {privateKey.Length}");
        }
        return new(privateKey.ToArray());
    }

    /// <summary>Decodes an <c>ecdh_public</c> value: 64 hex characters.</summary>
    /// <exception cref="KeyWrapException">Not hex, or not 32 bytes.</exception>
    public static byte[] DecodePublicKeyHex(string ecdhPublicHex)
    {
        if (string.IsNullOrWhiteSpace(ecdhPublicHex))
        {
            throw new KeyWrapException("ecdh_public is empty");
        }
        if (!HexText.TryDecode(ecdhPublicHex.Trim(), out var bytes))
        {
            throw new KeyWrapException("ecdh_public is not valid hex");
        }
        if (bytes.Length != KeyLength)
        {
            throw new KeyWrapException($"ecdh_public must be {KeyLength} bytes ({KeyLength * 2} hex characters), got {bytes.Length} bytes");
        }
        return bytes;
    }

    /// <summary>The 32-byte private key. A secret: never log it.</summary>
    public byte[] ExportPrivateKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_privateKey.Clone();
    }

    /// <summary>X25519(this private key, peer public key): the raw 32-byte shared secret. A secret: never log it.</summary>
    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (peerPublicKey.Length != KeyLength)
        {
            throw new KeyWrapException($"ecdh_public must be {KeyLength} bytes, got {peerPublicKey.Length}");
        }
        return LibSodium.ScalarMult(_privateKey, peerPublicKey.ToArray());
    }

    /// <summary>The shared secret with a peer given as its <c>ecdh_public</c> hex.</summary>
    public byte[] DeriveSharedSecret(string peerPublicKeyHex) => DeriveSharedSecret(DecodePublicKeyHex(peerPublicKeyHex));

    /// <summary>Masks the private key: only the public key is shown.</summary>
    public override string ToString() => $"x25519 {PublicKeyHex} (private *****)";

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_privateKey);
    }
}
