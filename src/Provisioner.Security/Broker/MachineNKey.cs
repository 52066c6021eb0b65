using System.Security.Cryptography;
using NATS.NKeys;

namespace Provisioner.Security.Broker;

/// <summary>
/// A machine's Ed25519 key (the one <c>gen25519</c> made and the provisioner saw as hex) in NATS nkey
/// form: the same 32 bytes with the user prefix, so the key that signs Choria nonces also signs the
/// broker's connect nonce. Only the encoding changes, never the key.
/// </summary>
public static class MachineNKey
{
    private const byte UserPrefix = (byte)PrefixByte.User;

    /// <summary>The user public nkey (<c>U...</c>) of a raw 32-byte Ed25519 public key given as hex.</summary>
    public static string PublicKeyFromHex(string publicKeyHex)
    {
        var raw = ParseHex32(publicKeyHex, "public_key");
        var payload = new byte[1 + raw.Length + 2];
        payload[0] = UserPrefix;
        raw.CopyTo(payload, 1);
        var checksum = Crc16Xmodem(payload.AsSpan(0, 1 + raw.Length));
        payload[^2] = (byte)(checksum & 0xff);
        payload[^1] = (byte)(checksum >> 8);
        var chars = new char[Base32.GetEncodedLength(payload)];
        var written = Base32.ToBase32(payload, chars);
        var encoded = new string(chars, 0, written);
        // Let NKeys check the checksum and prefix we just wrote, so a mistake here cannot reach a JWT.
        using var check = KeyPair.FromPublicKey(encoded);
        if (check.Prefix != PrefixByte.User)
        {
            throw new InvalidOperationException("user nkey encoding produced the wrong prefix");
        }
        return encoded;
    }

    /// <summary>The user key pair (seed <c>SU...</c>) of a raw 32-byte Ed25519 seed.</summary>
    public static KeyPair FromSeed(ReadOnlySpan<byte> ed25519Seed)
    {
        if (ed25519Seed.Length != 32)
        {
            throw new FormatException($"seed: must be 32 bytes, got {ed25519Seed.Length}");
        }
        // NKeys takes a seed only through its random source; replaying the machine's seed there gives
        // NKeys' own encoding of that exact key.
        using var source = new ReplayedSeed(ed25519Seed.ToArray());
        return KeyPair.CreatePair(PrefixByte.User, source);
    }

    /// <summary>The user key pair of a raw Ed25519 seed given as 64 hex characters (gen25519's seed file).</summary>
    public static KeyPair FromSeedHex(string seedHex)
    {
        var raw = ParseHex32(seedHex, "seed");
        try
        {
            return FromSeed(raw);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static byte[] ParseHex32(string hex, string field)
    {
        var text = hex?.Trim() ?? throw new FormatException($"{field}: missing");
        if (text.Length != 64)
        {
            throw new FormatException($"{field}: must be 64 hex characters (32 bytes), got {text.Length} characters");
        }
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"{field}: not hexadecimal");
        }
    }

    // The nkey checksum is CRC-16/XMODEM over prefix and key, stored little-endian.
    private static ushort Crc16Xmodem(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc ^= (ushort)(b << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }
        return crc;
    }

    private sealed class ReplayedSeed(byte[] seed) : RandomNumberGenerator
    {
        private bool _used;

        public override void GetBytes(byte[] data)
        {
            if (_used || data.Length != seed.Length)
            {
                throw new InvalidOperationException("the replayed seed can be read once, as 32 bytes");
            }
            seed.CopyTo(data, 0);
            _used = true;
        }

        protected override void Dispose(bool disposing)
        {
            CryptographicOperations.ZeroMemory(seed);
            base.Dispose(disposing);
        }
    }
}
