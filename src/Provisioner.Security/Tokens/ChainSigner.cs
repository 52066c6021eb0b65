namespace Provisioner.Security.Tokens;

/// <summary>
/// The provisioner as a chain issuer (choria-v2 §2.3): its <c>jwt_signing_token</c> (a client id token the org
/// issuer signed, with <c>tcs</c>) and the Ed25519 key behind that token's <c>public_key</c>. It rewrites server
/// claims so they verify through the chain: <c>iss</c> names the signer, <c>issexp</c> is the signer's expiry,
/// <c>exp</c> is capped to it and <c>tcs</c> extends the signer's with a signature over the token's id.
/// </summary>
public sealed class ChainSigner
{
    private readonly TokenSigningKey _key;

    private ChainSigner(ClientIdClaims token, TokenSigningKey key)
    {
        Token = token;
        _key = key;
    }

    /// <summary>The signing token's claims.</summary>
    public ClientIdClaims Token { get; }

    /// <summary>
    /// Reads <paramref name="signingToken"/> unverified, as Choria does, with Choria's refusals, and checks that
    /// <paramref name="key"/> is the key its <c>public_key</c> names (Choria does not; a mismatch would issue tokens
    /// that no node accepts).
    /// </summary>
    public static ChainSigner Create(string signingToken, TokenSigningKey key)
    {
        var jws = JwsToken.Parse(signingToken);
        if (TokenPurpose.Of(jws) != TokenPurpose.ClientId)
        {
            throw new TokenException(TokenError.WrongPurpose, "not a client token");
        }
        var claims = TokenClaimsReader.Read(jws, TokenJsonContext.Default.ClientIdClaims);
        if (string.IsNullOrEmpty(claims.TrustChainSignature))
        {
            throw new TokenException(TokenError.MissingClaim, "no Trust Chain Signature claim in JWT Signing Token");
        }
        if (string.IsNullOrEmpty(claims.Id))
        {
            throw new TokenException(TokenError.MissingClaim, "id not set");
        }
        if (string.IsNullOrEmpty(claims.PublicKey))
        {
            throw new TokenException(TokenError.MissingClaim, "public key not set");
        }
        if (claims.ExpiresAt is null)
        {
            throw new TokenException(TokenError.MissingClaim, "issuer has no expiry");
        }
        if (!string.Equals(key.VerificationKey.Ed25519PublicKeyHex, claims.PublicKey, StringComparison.OrdinalIgnoreCase))
        {
            throw new TokenException(TokenError.InvalidKey,
                $"the signing key is not the key of the signing token's public_key {claims.PublicKey}");
        }
        return new ChainSigner(claims, key);
    }

    /// <summary>The chain claims for <paramref name="claims"/>, whose <c>jti</c> must be set.</summary>
    public ServerClaims Chain(ServerClaims claims)
    {
        if (string.IsNullOrEmpty(claims.Id))
        {
            throw new TokenException(TokenError.MissingClaim, "id not set");
        }
        var signerExpiry = Token.ExpiresAt!.Value;
        var signature = _key.Sign(TrustChain.ChainSignatureInput(claims.Id, Token.TrustChainSignature!));
        return claims with
        {
            Issuer = TrustChain.ChainIssuer(Token.Id!, Token.PublicKey!),
            IssuerExpiresAt = signerExpiry,
            ExpiresAt = claims.ExpiresAt is long exp && exp <= signerExpiry ? exp : signerExpiry,
            TrustChainSignature = $"{Token.TrustChainSignature}.{Convert.ToHexStringLower(signature)}",
        };
    }
}
