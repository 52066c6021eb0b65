using System.Runtime.InteropServices;

using System.Security.Cryptography;
using Provisioner.Security.KeyWrap;

namespace Provisioner.Security.Native;

/// <summary>
/// libsodium calls NSec does not offer, or offers at a cost. X25519: NSec wraps the same native library but will not
/// hand out a raw shared secret, and .NET 10 has no X25519, while Choria uses the raw 32 bytes as a password. Ed25519
/// from a seed and signing with it: an NSec key lives in guarded pages (<c>sodium_malloc</c>: mmap, mprotect, munmap),
/// whose unmapping flushes every core's TLB; a fleet simulator that makes a key per node spent 13% of its CPU there.
/// </summary>
internal static class LibSodium
{
    private const string Library = "libsodium";

    public const int ScalarLength = 32;

    private static readonly Lazy<bool> Initialised = new(() => sodium_init() >= 0);

    // DllImport rather than LibraryImport: byte[] marshals by pinning, so no unsafe code is needed.
    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sodium_init();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_scalarmult(byte[] q, byte[] n, byte[] p);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_scalarmult_base(byte[] q, byte[] n);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_sign_ed25519_seed_keypair(byte[] pk, byte[] sk, byte[] seed);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_sign_ed25519_detached(byte[] sig, IntPtr siglen, byte[] m, ulong mlen, byte[] sk);

    public const int Ed25519SeedLength = 32;
    public const int Ed25519PublicKeyLength = 32;
    public const int Ed25519SecretKeyLength = 64;
    public const int Ed25519SignatureLength = 64;

    /// <summary>The Ed25519 key pair of <paramref name="seed"/>: libsodium's 64-byte secret key (seed then public key) and the public key.</summary>
    public static (byte[] SecretKey, byte[] PublicKey) Ed25519FromSeed(ReadOnlySpan<byte> seed)
    {
        EnsureInitialised();
        if (seed.Length != Ed25519SeedLength)
        {
            throw new ArgumentException($"ed25519 seed must be {Ed25519SeedLength} bytes, got {seed.Length}", nameof(seed));
        }
        var seedCopy = seed.ToArray();
        try
        {
            var (secretKey, publicKey) = (new byte[Ed25519SecretKeyLength], new byte[Ed25519PublicKeyLength]);
            if (crypto_sign_ed25519_seed_keypair(publicKey, secretKey, seedCopy) != 0)
            {
                throw new CryptographicException("libsodium could not derive the ed25519 key pair");
            }
            return (secretKey, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedCopy);
        }
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/> by <paramref name="secretKey"/> (from <see cref="Ed25519FromSeed"/>).</summary>
    public static byte[] Ed25519Sign(byte[] secretKey, byte[] message)
    {
        EnsureInitialised();
        if (secretKey.Length != Ed25519SecretKeyLength)
        {
            throw new ArgumentException($"ed25519 secret key must be {Ed25519SecretKeyLength} bytes", nameof(secretKey));
        }
        var signature = new byte[Ed25519SignatureLength];
        if (crypto_sign_ed25519_detached(signature, IntPtr.Zero, message, (ulong)message.Length, secretKey) != 0)
        {
            throw new CryptographicException("libsodium could not sign");
        }
        return signature;
    }

    /// <summary>X25519(scalar, point); libsodium itself refuses a result of all zeros (a low-order peer key).</summary>
    public static byte[] ScalarMult(byte[] scalar, byte[] point)
    {
        EnsureInitialised();
        Check(scalar, point);
        var result = new byte[ScalarLength];
        if (crypto_scalarmult(result, scalar, point) != 0 || result.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            throw new KeyWrapException("ecdh_public is not a usable X25519 public key (the shared secret would be all zeros)");
        }
        return result;
    }

    /// <summary>The X25519 public key of a private scalar.</summary>
    public static byte[] ScalarMultBase(byte[] scalar)
    {
        EnsureInitialised();
        Check(scalar, new byte[ScalarLength]);
        var result = new byte[ScalarLength];
        if (crypto_scalarmult_base(result, scalar) != 0)
        {
            throw new KeyWrapException("cannot derive the X25519 public key");
        }
        return result;
    }

    private static void Check(byte[] scalar, byte[] point)
    {
        if (scalar.Length != ScalarLength || point.Length != ScalarLength)
        {
            throw new KeyWrapException($"X25519 keys must be {ScalarLength} bytes");
        }
    }

    private static void EnsureInitialised()
    {
        if (!Initialised.Value)
        {
            throw new KeyWrapException("libsodium failed to initialise");
        }
    }
}
