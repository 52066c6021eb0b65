using System.Text.Json;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa.Tokens;

/// <summary>
/// Signs and verifies client JWTs: the login service issues them, the signer and the console check them.
/// Verification is strict: the key, the purpose, and the time claims with zero leeway.
/// </summary>
public static class ClientTokens
{
    /// <summary>Signs <paramref name="claims"/> with <paramref name="key"/> (RS256 for RSA, EdDSA for an ed25519 seed).</summary>
    public static string Sign(ClientIdClaims claims, TokenSigningKey key) =>
        JwsToken.Sign(JsonSerializer.SerializeToUtf8Bytes(claims, AaaJsonContext.Default.ClientIdClaims), key);

    /// <summary>The claims of a token <paramref name="key"/> signed, valid at <paramref name="now"/>.</summary>
    /// <exception cref="TokenException">Malformed, another key, not a client id token, expired or not yet valid.</exception>
    public static ClientIdClaims Verify(string token, TokenVerificationKey key, DateTimeOffset now)
    {
        var jws = JwsToken.Parse(token);
        jws.VerifySignature(key);
        var claims = Read(jws);
        if (claims.Purpose != TokenPurpose.ClientId)
        {
            throw new TokenException(TokenError.WrongPurpose, $"not a client id token: purpose is '{claims.Purpose}', expected '{TokenPurpose.ClientId}'");
        }
        TokenLifetime.Check(claims, now);
        return claims;
    }

    /// <summary>The claims of a token without checking who signed it: for a client showing its own token.</summary>
    public static ClientIdClaims ReadUnverified(string token) => Read(JwsToken.Parse(token));

    private static ClientIdClaims Read(JwsToken jws)
    {
        var span = jws.Payload.Span.TrimStart(" \t\r\n"u8);
        if (span.Length == 0 || span[0] != (byte)'{')
        {
            throw new TokenException(TokenError.Malformed, "token payload is not a JSON object");
        }
        try
        {
            return JsonSerializer.Deserialize(span, AaaJsonContext.Default.ClientIdClaims)
                ?? throw new TokenException(TokenError.Malformed, "token payload is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new TokenException(TokenError.Malformed, $"token payload is not valid client id claims: {e.Message}");
        }
    }
}
