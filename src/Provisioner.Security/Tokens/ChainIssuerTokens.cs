using System.Text.Json;

namespace Provisioner.Security.Tokens;

/// <summary>
/// The org issuer's side of the trust chain (choria-v2 §2.2): signs a chain issuer's client id token with
/// <c>iss</c> = <c>I-&lt;org key&gt;</c> and <c>tcs</c> = the org key's signature over <c>"&lt;jti&gt;.&lt;public_key&gt;"</c>.
/// </summary>
public static class ChainIssuerTokens
{
    /// <summary>Builds and signs the chain issuer token at the current time, with a random <c>jti</c>.</summary>
    public static string Issue(ChainIssuerRequest request, TokenSigningKey orgKey, TimeProvider time)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        return Sign(Create(request, orgKey, now, Ksuid.New(now)), orgKey);
    }

    /// <summary>The claims, <c>tcs</c> included, for <paramref name="request"/> issued at <paramref name="issuedAt"/> with id <paramref name="id"/>.</summary>
    public static ClientIdClaims Create(ChainIssuerRequest request, TokenSigningKey orgKey, DateTimeOffset issuedAt, Ksuid id)
    {
        var orgPublicKey = orgKey.VerificationKey.Ed25519PublicKeyHex
            ?? throw new TokenException(TokenError.InvalidKey, "the org issuer key must be an Ed25519 seed");
        if (string.IsNullOrWhiteSpace(request.CallerId))
        {
            throw new TokenException(TokenError.MissingClaim, "callerid: the chain issuer needs a caller id");
        }
        if (!HexKey.TryDecode(request.PublicKeyHex, 32, out _))
        {
            throw new TokenException(TokenError.InvalidClaim, "public_key: expected a 64 hex character Ed25519 public key");
        }
        if (request.Validity <= TimeSpan.Zero)
        {
            throw new TokenException(TokenError.InvalidClaim, $"exp: validity must be positive, got {request.Validity}");
        }
        if (id.Time.ToUnixTimeSeconds() != issuedAt.ToUnixTimeSeconds())
        {
            throw new ArgumentException("the id of a chain issuer must be a KSUID of its issue time", nameof(id));
        }
        var publicKey = request.PublicKeyHex.ToLowerInvariant();
        var jti = id.ToString();
        var now = issuedAt.ToUnixTimeSeconds();
        return new ClientIdClaims
        {
            CallerId = request.CallerId,
            OrganizationUnit = string.IsNullOrWhiteSpace(request.OrganizationUnit) ? "choria" : request.OrganizationUnit,
            Permissions = request.Permissions,
            Purpose = TokenPurpose.ClientId,
            TrustChainSignature = Convert.ToHexStringLower(orgKey.Sign(TrustChain.IssuerSignatureInput(jti, publicKey))),
            PublicKey = publicKey,
            Issuer = TrustChain.OrgIssuer(orgPublicKey),
            ExpiresAt = now + (long)request.Validity.TotalSeconds,
            NotBefore = now,
            IssuedAt = now,
            Id = jti,
        };
    }

    /// <summary>Signs client id claims with the org issuer key.</summary>
    public static string Sign(ClientIdClaims claims, TokenSigningKey orgKey) =>
        JwsToken.Sign(JsonSerializer.SerializeToUtf8Bytes(claims, TokenJsonContext.Default.ClientIdClaims), orgKey);
}
