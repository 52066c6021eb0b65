namespace Provisioner.Security.Tokens;

/// <summary>Reads and verifies server JWTs, as a node checks its own at boot.</summary>
public static class ServerTokens
{
    /// <summary>Reads the claims of a parsed token, checking its kind and required claims only.</summary>
    public static ServerClaims ReadClaims(JwsToken token)
    {
        var claims = TokenClaimsReader.Read(token, TokenJsonContext.Default.ServerClaims);
        if (claims.Purpose != TokenPurpose.Server)
        {
            throw new TokenException(TokenError.WrongPurpose, $"purpose: expected {TokenPurpose.Server}, got '{claims.Purpose}'");
        }
        if (string.IsNullOrEmpty(claims.Identity))
        {
            throw new TokenException(TokenError.MissingClaim, "identity: the server token has no identity");
        }
        if (claims.Collectives is not { Count: > 0 })
        {
            throw new TokenException(TokenError.MissingClaim, "collectives: the server token has no collectives");
        }
        return claims;
    }

    /// <summary>Parses without checking the signature or times.</summary>
    public static ServerClaims ParseUnverified(string token) => ReadClaims(JwsToken.Parse(token));

    /// <summary>
    /// Checks signature, kind, required claims and validity; with <paramref name="expectedIdentity"/>,
    /// also that the token names that identity. A chain-issued token (<c>iss</c> <c>C-…</c>) is checked through its
    /// trust chain with <paramref name="key"/> as the org issuer, as Choria does; any other directly with the key.
    /// </summary>
    public static ServerClaims Verify(string token, TokenVerificationKey key, TimeProvider time, string? expectedIdentity = null)
    {
        var jws = JwsToken.Parse(token);
        var claims = ReadClaims(jws);
        TrustChain.VerifySignature(jws, claims, key);
        TokenLifetime.Check(claims, time.GetUtcNow());
        if (expectedIdentity is not null && claims.Identity != expectedIdentity)
        {
            throw new TokenException(TokenError.InvalidClaim,
                $"identity: the server token is for '{claims.Identity}', not '{expectedIdentity}'");
        }
        return claims;
    }
}
