using System.Runtime.InteropServices;

namespace Provisioner.Security.KeyWrap;

/// <summary>
/// The two libsodium calls X25519 needs. NSec wraps the same native library but will not hand out a raw
/// shared secret, and .NET 10 has no X25519, while Choria uses the raw 32 bytes as a password.
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
