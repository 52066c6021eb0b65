using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Provisioner.Security.Tokens;

/// <summary>
/// A K-Sortable Unique ID as Choria uses for <c>jti</c>: 4 bytes of seconds since 1400000000 (big endian)
/// and 16 random bytes, written as 27 base62 characters. Chain checks require its time to equal <c>iat</c>.
/// </summary>
public readonly record struct Ksuid
{
    public const long Epoch = 1_400_000_000;
    public const int ByteLength = 20;
    public const int TextLength = 27;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly byte[] bytes;

    private Ksuid(byte[] bytes) => this.bytes = bytes;

    /// <summary>The time part, to the second.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Epoch + BinaryPrimitives.ReadUInt32BigEndian(bytes));

    /// <summary>A new KSUID for <paramref name="time"/> with a random payload.</summary>
    public static Ksuid New(DateTimeOffset time) => From(time, RandomNumberGenerator.GetBytes(ByteLength - 4));

    /// <summary>The KSUID for <paramref name="time"/> whose payload is the first 16 bytes of <paramref name="payload"/>.</summary>
    public static Ksuid From(DateTimeOffset time, ReadOnlySpan<byte> payload)
    {
        var offset = time.ToUnixTimeSeconds() - Epoch;
        if (offset is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "a KSUID holds times from 2014-05-13 to 2150");
        }
        if (payload.Length < ByteLength - 4)
        {
            throw new ArgumentException($"a KSUID payload needs {ByteLength - 4} bytes", nameof(payload));
        }
        var bytes = new byte[ByteLength];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)offset);
        payload[..(ByteLength - 4)].CopyTo(bytes.AsSpan(4));
        return new Ksuid(bytes);
    }

    /// <summary>Parses the 27-character base62 form.</summary>
    public static Ksuid Parse(string text)
    {
        if (!TryParse(text, out var id))
        {
            throw new FormatException($"'{text}' is not a KSUID: expected {TextLength} base62 characters encoding {ByteLength} bytes");
        }
        return id;
    }

    public static bool TryParse(string? text, out Ksuid id)
    {
        id = default;
        if (text is null || text.Length != TextLength)
        {
            return false;
        }
        var value = BigInteger.Zero;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0)
            {
                return false;
            }
            value = value * 62 + digit;
        }
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (raw.Length > ByteLength)
        {
            return false;
        }
        var bytes = new byte[ByteLength];
        raw.CopyTo(bytes, ByteLength - raw.Length);
        id = new Ksuid(bytes);
        return true;
    }

    /// <summary>The 20 raw bytes.</summary>
    public ReadOnlySpan<byte> AsSpan() => bytes;

    public bool Equals(Ksuid other) => AsSpan().SequenceEqual(other.AsSpan());

    public override int GetHashCode() => bytes is null ? 0 : BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));

    public override string ToString()
    {
        if (bytes is null)
        {
            return new string('0', TextLength);
        }
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var chars = new char[TextLength];
        for (var i = TextLength - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, 62, out var remainder);
            chars[i] = Alphabet[(int)remainder];
        }
        return new string(chars);
    }
}
