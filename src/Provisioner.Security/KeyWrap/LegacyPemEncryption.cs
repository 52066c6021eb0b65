using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Provisioner.Security.Keys;

namespace Provisioner.Security.KeyWrap;

/// <summary>
/// Legacy OpenSSL PEM encryption (RFC 1421 headers), as Go's <c>x509.EncryptPEMBlock</c> and
/// <c>DecryptPEMBlock</c> do it with AES-256-CBC: <c>Proc-Type: 4,ENCRYPTED</c>,
/// <c>DEK-Info: AES-256-CBC,&lt;IV hex&gt;</c>, key = EVP_BytesToKey(MD5, salt = first 8 bytes of the IV,
/// one iteration), PKCS#7 padding. Weak by today's standards, but it is what a Choria node decrypts.
/// </summary>
public static class LegacyPemEncryption
{
    /// <summary>The only cipher supported, the one Choria uses.</summary>
    public const string Cipher = "AES-256-CBC";

    private const int KeyLength = 32;
    private const int BlockLength = 16;
    private const int SaltLength = 8;

    /// <summary>Encrypts <paramref name="der"/> under <paramref name="password"/> (raw bytes) into a PEM block of <paramref name="blockType"/>.</summary>
    public static string Encrypt(string blockType, ReadOnlySpan<byte> der, ReadOnlySpan<byte> password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blockType);
        var iv = RandomNumberGenerator.GetBytes(BlockLength);
        var key = DeriveKey(password, iv.AsSpan(0, SaltLength));
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            var cipherText = aes.EncryptCbc(der, iv, PaddingMode.PKCS7);
            return Write(blockType, Convert.ToHexString(iv), cipherText);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>True when the text is a PEM block carrying <c>Proc-Type: 4,ENCRYPTED</c>.</summary>
    public static bool IsEncrypted(string pem) =>
        TryParse(pem, out var block, out _) && block.Headers.TryGetValue("Proc-Type", out var procType) && procType == "4,ENCRYPTED";

    /// <summary>Decrypts an encrypted PEM block; returns its type and the plain DER bytes.</summary>
    /// <exception cref="KeyWrapException">
    /// Not PEM, not encrypted, a bad or unsupported <c>DEK-Info</c>, or a wrong password (reported, as Go does,
    /// as an incorrect decryption password).
    /// </exception>
    public static (string BlockType, byte[] Der) Decrypt(string pem, ReadOnlySpan<byte> password)
    {
        if (!TryParse(pem, out var block, out var parseError))
        {
            throw new KeyWrapException($"key is not a PEM block: {parseError}");
        }
        if (!block.Headers.TryGetValue("Proc-Type", out var procType) || procType != "4,ENCRYPTED")
        {
            throw new KeyWrapException("key is not encrypted (no 'Proc-Type: 4,ENCRYPTED' header)");
        }
        var iv = ParseDekInfo(block.Headers);
        if (block.Body.Length == 0 || block.Body.Length % BlockLength != 0)
        {
            throw new KeyWrapException($"encrypted key length {block.Body.Length} is not a positive multiple of the AES block size");
        }
        var key = DeriveKey(password, iv.AsSpan(0, SaltLength));
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            byte[] plain;
            try
            {
                plain = aes.DecryptCbc(block.Body, iv, PaddingMode.PKCS7);
            }
            catch (CryptographicException)
            {
                throw IncorrectPassword("bad padding");
            }
            // A wrong password still yields valid padding about once in 256 tries; a key must be one DER value.
            if (!IsSingleDerValue(plain))
            {
                CryptographicOperations.ZeroMemory(plain);
                throw IncorrectPassword("plaintext is not DER");
            }
            return (block.Type, plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static KeyWrapException IncorrectPassword(string detail) =>
        new($"decryption password incorrect ({detail}): the key was not wrapped for this ecdh key pair");

    /// <summary>EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_(i-1) || password || salt), concatenated.</summary>
    private static byte[] DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt)
    {
        var key = new byte[KeyLength];
        var input = new byte[MD5.HashSizeInBytes + password.Length + salt.Length];
        var digest = Span<byte>.Empty;
        var written = 0;
        try
        {
            while (written < KeyLength)
            {
                digest.CopyTo(input);
                password.CopyTo(input.AsSpan(digest.Length));
                salt.CopyTo(input.AsSpan(digest.Length + password.Length));
                digest = MD5.HashData(input.AsSpan(0, digest.Length + password.Length + salt.Length));
                var take = Math.Min(digest.Length, KeyLength - written);
                digest[..take].CopyTo(key.AsSpan(written));
                written += take;
            }
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    private static byte[] ParseDekInfo(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue("DEK-Info", out var dekInfo))
        {
            throw new KeyWrapException("bad DEK-Info: header missing");
        }
        var parts = dekInfo.Split(',', 2);
        if (parts.Length != 2)
        {
            throw new KeyWrapException($"bad DEK-Info '{dekInfo}': expected '<cipher>,<iv hex>'");
        }
        if (!string.Equals(parts[0].Trim(), Cipher, StringComparison.OrdinalIgnoreCase))
        {
            throw new KeyWrapException($"bad DEK-Info: unsupported cipher '{parts[0].Trim()}', only {Cipher}");
        }
        if (!HexText.TryDecode(parts[1].Trim(), out var iv) || iv.Length != BlockLength)
        {
            throw new KeyWrapException($"bad DEK-Info: IV must be {BlockLength} bytes of hex");
        }
        return iv;
    }

    private static bool IsSingleDerValue(byte[] plain)
    {
        try
        {
            var reader = new AsnReader(plain, AsnEncodingRules.DER);
            reader.ReadEncodedValue();
            return !reader.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static string Write(string blockType, string ivHex, byte[] body)
    {
        var text = new StringBuilder();
        text.Append("-----BEGIN ").Append(blockType).Append("-----\n");
        text.Append("Proc-Type: 4,ENCRYPTED\n");
        text.Append("DEK-Info: ").Append(Cipher).Append(',').Append(ivHex).Append("\n\n");
        var base64 = Convert.ToBase64String(body);
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }
        text.Append("-----END ").Append(blockType).Append("-----\n");
        return text.ToString();
    }

    private sealed record PemBlock(string Type, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    // .NET's PemEncoding does not accept RFC 1421 headers, so the block is read here.
    private static bool TryParse(string? pem, out PemBlock block, out string error)
    {
        block = new PemBlock("", new Dictionary<string, string>(), []);
        error = "";
        if (string.IsNullOrWhiteSpace(pem))
        {
            error = "empty";
            return false;
        }
        var lines = pem.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).ToArray();
        var begin = Array.FindIndex(lines, l => l.StartsWith("-----BEGIN ", StringComparison.Ordinal) && l.EndsWith("-----", StringComparison.Ordinal));
        if (begin < 0)
        {
            error = "no BEGIN line";
            return false;
        }
        var type = lines[begin]["-----BEGIN ".Length..^"-----".Length];
        var endLine = $"-----END {type}-----";
        var end = Array.FindIndex(lines, begin + 1, l => l == endLine);
        if (end < 0)
        {
            error = $"no '{endLine}' line";
            return false;
        }
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = begin + 1;
        for (; i < end && lines[i].Contains(':'); i++)
        {
            var colon = lines[i].IndexOf(':');
            headers[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
        }
        var base64 = string.Concat(lines[i..end]);
        try
        {
            block = new PemBlock(type, headers, Convert.FromBase64String(base64));
            return true;
        }
        catch (FormatException)
        {
            error = "body is not base64";
            return false;
        }
    }
}
