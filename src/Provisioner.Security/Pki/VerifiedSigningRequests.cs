using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Provisioner.Security.Pki;

/// <summary>
/// The CSRs whose self-signature this process has already verified, by SHA-256 of their exact PEM text. Whether a
/// CSR's signature verifies depends on its bytes alone, so remembering it is safe; the signer then does not verify
/// again what <c>gencsr</c>'s inspection verified a step earlier (with OpenSSL 3.0 decoding the key costs more than
/// the signature). A CSR that differs in one character is verified afresh. Two generations bound the memory: when
/// the current one is full it becomes the previous one and the oldest is dropped.
/// </summary>
internal static class VerifiedSigningRequests
{
    /// <summary>Entries per generation; an attempt's sign step follows its inspection within seconds.</summary>
    public const int GenerationSize = 8192;

    private static ConcurrentDictionary<Digest, byte> _current = new();
    private static ConcurrentDictionary<Digest, byte> _previous = new();
    private static readonly Lock RotationGate = new();

    /// <summary>True when <paramref name="csrPem"/>, to the character, passed verification in this process.</summary>
    public static bool Contains(string csrPem)
    {
        var digest = Digest.Of(csrPem);
        return _current.ContainsKey(digest) || _previous.ContainsKey(digest);
    }

    /// <summary>Records that <paramref name="csrPem"/>'s signature verified.</summary>
    public static void Add(string csrPem)
    {
        _current.TryAdd(Digest.Of(csrPem), 0);
        if (_current.Count >= GenerationSize)
        {
            lock (RotationGate)
            {
                if (_current.Count >= GenerationSize)
                {
                    _previous = _current;
                    _current = new ConcurrentDictionary<Digest, byte>();
                }
            }
        }
    }

    private readonly record struct Digest(Int128 High, Int128 Low)
    {
        public static Digest Of(string text)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
            return new Digest(
                System.Buffers.Binary.BinaryPrimitives.ReadInt128LittleEndian(hash[..16]),
                System.Buffers.Binary.BinaryPrimitives.ReadInt128LittleEndian(hash[16..]));
        }
    }
}
