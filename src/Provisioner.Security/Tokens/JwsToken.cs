using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Provisioner.Security.Tokens;

/// <summary>
/// A compact JWS (<c>header.payload.signature</c>, base64url without padding) split and decoded but
/// not yet trusted; <see cref="VerifySignature"/> checks it against a key. Every token type builds on this.
/// </summary>
public sealed class JwsToken
{
    /// <summary>Tokens larger than this are refused before any decoding (16 KiB).</summary>
    public const int MaxLength = 16 * 1024;

    // The encoded headers, one per algorithm a signing key has: the same for every token.
    private static readonly string EdDsaHeader = EncodedHeader(JwsAlgorithm.EdDSA);
    private static readonly string Rs256Header = EncodedHeader(JwsAlgorithm.RS256);

    private readonly byte[] signingInput;
    private readonly byte[] signature;

    private JwsToken(string algorithm, byte[] payload, byte[] signingInput, byte[] signature)
    {
        Algorithm = algorithm;
        Payload = payload;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /// <summary>The header's <c>alg</c>, always one of <see cref="JwsAlgorithm"/>.</summary>
    public string Algorithm { get; }

    /// <summary>The decoded payload: the claims JSON.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>
    /// Splits and decodes a compact JWS, checking size, structure, header JSON and algorithm.
    /// Surrounding whitespace (a trailing newline in a token file) is ignored.
    /// </summary>
    public static JwsToken Parse(string compact)
    {
        ArgumentNullException.ThrowIfNull(compact);
        var text = compact.Trim();
        if (text.Length > MaxLength)
        {
            throw new TokenException(TokenError.TooLarge, $"token is {text.Length} characters, more than the {MaxLength} allowed");
        }
        var parts = text.Split('.');
        if (parts.Length != 3)
        {
            throw new TokenException(TokenError.Malformed, $"token has {parts.Length} dot-separated parts, a JWS has 3");
        }
        var header = Decode(parts[0], "header");
        var payload = Decode(parts[1], "payload");
        var signature = Decode(parts[2], "signature");
        var algorithm = ReadAlgorithm(header);
        if (!JwsAlgorithm.IsSupported(algorithm))
        {
            throw new TokenException(TokenError.UnsupportedAlgorithm, TokenVerificationKey.UnsupportedAlgorithmMessage(algorithm));
        }
        if (signature.Length == 0)
        {
            throw new TokenException(TokenError.InvalidSignature, "token has an empty signature");
        }
        var signingInput = Encoding.ASCII.GetBytes(text, 0, parts[0].Length + 1 + parts[1].Length);
        return new JwsToken(algorithm!, payload, signingInput, signature);
    }

    /// <summary>Throws unless <paramref name="key"/> made this token's signature.</summary>
    public void VerifySignature(TokenVerificationKey key)
    {
        if (!key.Verify(Algorithm, signingInput, signature))
        {
            throw new TokenException(TokenError.InvalidSignature,
                "token signature is invalid: it was signed by another key or its content was altered");
        }
    }

    /// <summary>Builds and signs a compact JWS over <paramref name="payloadJson"/>, header <c>{"alg":...,"typ":"JWT"}</c>.</summary>
    public static string Sign(ReadOnlySpan<byte> payloadJson, TokenSigningKey key)
    {
        var header = key.Algorithm == JwsAlgorithm.EdDSA ? EdDsaHeader : Rs256Header;
        var signingInput = $"{header}.{Base64Url.EncodeToString(payloadJson)}";
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static string EncodedHeader(string algorithm) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"alg\":\"{algorithm}\",\"typ\":\"JWT\"}}"));

    private static byte[] Decode(string part, string name)
    {
        foreach (var c in part)
        {
            // Base64Url decoders tolerate padding and whitespace; a JWS allows neither.
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                throw new TokenException(TokenError.Malformed, $"token {name} is not base64url: unexpected character '{c}'");
            }
        }
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            throw new TokenException(TokenError.Malformed, $"token {name} is not valid base64url");
        }
    }

    private static string? ReadAlgorithm(byte[] header)
    {
        try
        {
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TokenException(TokenError.Malformed, "token header is not a JSON object");
            }
            if (!document.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
            {
                throw new TokenException(TokenError.Malformed, "token header has no 'alg' string");
            }
            return alg.GetString();
        }
        catch (JsonException e)
        {
            throw new TokenException(TokenError.Malformed, $"token header is not valid JSON: {e.Message}");
        }
    }
}
