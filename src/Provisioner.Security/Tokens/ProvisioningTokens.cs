using System.Text.Json;

namespace Provisioner.Security.Tokens;

/// <summary>Creates, signs, reads and verifies provisioning tokens (spec §5 ProvisioningClaims).</summary>
public static class ProvisioningTokens
{
    /// <summary>Builds the claims for <paramref name="request"/> at the current time of <paramref name="time"/>.</summary>
    public static ProvisioningClaims Create(ProvisioningTokenRequest request, TimeProvider time)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            throw new TokenException(TokenError.MissingClaim, "cht: a provisioning token needs the agent token");
        }
        if (request.Validity <= TimeSpan.Zero)
        {
            throw new TokenException(TokenError.InvalidClaim, $"exp: validity must be positive, got {request.Validity}");
        }
        var urls = request.Urls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).ToList();
        var srv = NullIfEmpty(request.SrvDomain);
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var claims = new ProvisioningClaims
        {
            Purpose = TokenPurpose.Provisioning,
            Subject = TokenPurpose.Provisioning,
            Issuer = NullIfEmpty(request.Issuer),
            IssuedAt = now.ToUnixTimeSeconds(),
            NotBefore = now.ToUnixTimeSeconds(),
            ExpiresAt = (now + request.Validity).ToUnixTimeSeconds(),
            Id = Ksuid.New(now).ToString(),
            Token = request.Token,
            Secure = request.Secure,
            Urls = urls.Count == 0 ? null : string.Join(",", urls),
            SrvDomain = srv,
            ProvisionByDefault = request.ProvisionByDefault,
            RegistrationDataFile = NullIfEmpty(request.RegistrationDataFile),
            FactsFile = NullIfEmpty(request.FactsFile),
            BrokerUsername = NullIfEmpty(request.BrokerUsername),
            BrokerPassword = NullIfEmpty(request.BrokerPassword),
            Extensions = request.Extensions,
            OrganizationUnit = NullIfEmpty(request.OrganizationUnit) ?? "choria",
            ProtocolV2 = request.ProtocolV2,
            AllowUpdate = request.AllowUpdate,
        };
        CheckBrokerLocation(claims);
        return claims;
    }

    /// <summary>Signs <paramref name="claims"/> into a compact JWS.</summary>
    public static string Sign(ProvisioningClaims claims, TokenSigningKey key) =>
        JwsToken.Sign(JsonSerializer.SerializeToUtf8Bytes(claims, TokenJsonContext.Default.ProvisioningClaims), key);

    /// <summary>Creates and signs in one step.</summary>
    public static string Issue(ProvisioningTokenRequest request, TokenSigningKey key, TimeProvider time) =>
        Sign(Create(request, time), key);

    /// <summary>
    /// Reads the claims of a parsed token and checks its kind and required claims, not its signature or
    /// times. <c>ou</c> defaults to <c>choria</c>, as Choria reads it.
    /// </summary>
    public static ProvisioningClaims ReadClaims(JwsToken token)
    {
        var claims = TokenClaimsReader.Read(token, TokenJsonContext.Default.ProvisioningClaims);
        // Older Choria tokens marked their kind only in sub, so either claim is accepted, as Choria does.
        if (claims.Purpose != TokenPurpose.Provisioning && claims.Subject != TokenPurpose.Provisioning)
        {
            throw new TokenException(TokenError.WrongPurpose,
                $"purpose: expected {TokenPurpose.Provisioning}, got '{claims.Purpose}'");
        }
        if (string.IsNullOrEmpty(claims.Token))
        {
            throw new TokenException(TokenError.MissingClaim, "cht: the provisioning token has no agent token");
        }
        CheckBrokerLocation(claims);
        return string.IsNullOrEmpty(claims.OrganizationUnit) ? claims with { OrganizationUnit = "choria" } : claims;
    }

    /// <summary>Parses without checking the signature or times: for a node reading its own settings, or for display.</summary>
    public static ProvisioningClaims ParseUnverified(string token) => ReadClaims(JwsToken.Parse(token));

    /// <summary>
    /// Checks signature, kind, required claims and validity at the current time of <paramref name="time"/>. A token
    /// without <c>exp</c> never expires, as in Choria, whose <c>choria jwt provisioning</c> writes none; with
    /// <paramref name="requireExpiry"/> such a token is refused.
    /// </summary>
    public static ProvisioningClaims Verify(string token, TokenVerificationKey key, TimeProvider time, bool requireExpiry = false) =>
        CheckValidity(VerifySigned(token, key), time.GetUtcNow(), requireExpiry);

    /// <summary>The checks of <see cref="Verify"/> that do not depend on the time: signature, kind and required claims.</summary>
    public static ProvisioningClaims VerifySigned(string token, TokenVerificationKey key)
    {
        var jws = JwsToken.Parse(token);
        jws.VerifySignature(key);
        return ReadClaims(jws);
    }

    /// <summary>The checks of <see cref="Verify"/> that depend on the time, on claims <see cref="VerifySigned"/> returned.</summary>
    public static ProvisioningClaims CheckValidity(ProvisioningClaims claims, DateTimeOffset now, bool requireExpiry)
    {
        if (requireExpiry && claims.ExpiresAt is null)
        {
            throw new TokenException(TokenError.MissingClaim, NoExpiryRefusal);
        }
        TokenLifetime.Check(claims, now);
        return claims;
    }

    /// <summary>Why a token without <c>exp</c> is refused when expiry is required.</summary>
    public const string NoExpiryRefusal = "exp: the provisioning token has no expiry";

    private static void CheckBrokerLocation(ProvisioningClaims claims)
    {
        var hasUrls = !string.IsNullOrEmpty(claims.Urls);
        var hasSrv = !string.IsNullOrEmpty(claims.SrvDomain);
        if (hasUrls && hasSrv)
        {
            throw new TokenException(TokenError.InvalidClaim, "chu/chsrv: give broker URLs or an SRV domain, not both");
        }
        if (!hasUrls && !hasSrv)
        {
            throw new TokenException(TokenError.MissingClaim, "chu/chsrv: broker URLs or an SRV domain is required");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
