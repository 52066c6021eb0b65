namespace Provisioner.Security.Tokens;

/// <summary>Reads and verifies client id tokens (purpose <c>choria_client_id</c>), such as the provisioner's chain issuer token.</summary>
public static class ClientIdTokens
{
    /// <summary>Reads the claims of a parsed token, checking its kind and caller id only.</summary>
    public static ClientIdClaims ReadClaims(JwsToken token)
    {
        var claims = TokenClaimsReader.Read(token, TokenJsonContext.Default.ClientIdClaims);
        if (claims.Purpose != TokenPurpose.ClientId)
        {
            throw new TokenException(TokenError.WrongPurpose, $"purpose: expected {TokenPurpose.ClientId}, got '{claims.Purpose}'");
        }
        if (string.IsNullOrEmpty(claims.CallerId))
        {
            throw new TokenException(TokenError.MissingClaim, "callerid: the client token has no caller id");
        }
        return claims;
    }

    /// <summary>Parses without checking the signature or times.</summary>
    public static ClientIdClaims ParseUnverified(string token) => ReadClaims(JwsToken.Parse(token));

    /// <summary>Checks signature (through the trust chain when chain-issued), kind and validity against <paramref name="key"/>.</summary>
    public static ClientIdClaims Verify(string token, TokenVerificationKey key, TimeProvider time)
    {
        var jws = JwsToken.Parse(token);
        var claims = ReadClaims(jws);
        TrustChain.VerifySignature(jws, claims, key);
        TokenLifetime.Check(claims, time.GetUtcNow());
        return claims;
    }
}
