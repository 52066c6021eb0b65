using Provisioner.Agent.Config;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// How a provisioned node on the <c>choria</c> security provider checks a v2 request before acting on it
/// (choria-v2 §2.5): the caller's JWT verifies with the org issuer of its <c>ou</c> (or a trusted signer), carries a
/// <c>public_key</c> and <c>fleet_management</c>, that key signed the request's exact bytes, and the token's
/// <c>callerid</c> is the request's <c>caller</c>. Provisioning-mode nodes skip all of it (§3.1).
/// </summary>
public static class CallerVerification
{
    /// <summary>Why <paramref name="request"/> is refused, or null when its caller checks out.</summary>
    public static string? Problem(DecodedRequestV2 request, ServerConfig config, TimeProvider clock)
    {
        ClientIdClaims claims;
        try
        {
            claims = VerifiedCaller(request.Secure.Caller.Trim(), config, clock);
        }
        catch (TokenException e)
        {
            return $"could not verify the caller token: {e.Message}";
        }
        if (string.IsNullOrEmpty(claims.PublicKey))
        {
            return "the caller token has no public_key";
        }
        if (claims.Permissions?.FleetManagement != true)
        {
            return "the caller token does not grant fleet_management";
        }
        if (claims.Permissions.SignedFleetManagement && string.IsNullOrEmpty(request.Secure.Signer))
        {
            return "the caller token requires requests signed by a delegate (signed_fleet_management) and none signed it";
        }
        try
        {
            using var key = TokenVerificationKey.FromEd25519(Convert.FromHexString(claims.PublicKey));
            if (!key.Verify(JwsAlgorithm.EdDSA, request.RequestBytes, request.Signature))
            {
                return "the request signature does not verify with the caller's public_key";
            }
        }
        catch (Exception e) when (e is FormatException or TokenException or ArgumentException)
        {
            return $"the caller's public_key is unusable: {e.Message}";
        }
        return claims.CallerId == request.Request.Caller ? null : "caller name does not match token";
    }

    // The issuer of the token's ou when the node trusts org issuers, else the first trusted signer the token verifies with.
    private static ClientIdClaims VerifiedCaller(string token, ServerConfig config, TimeProvider clock)
    {
        var issuers = config.GetList(ServerConfigKeys.IssuerNames);
        if (issuers.Count > 0)
        {
            var ou = ClientIdTokens.ParseUnverified(token).OrganizationUnit;
            if (string.IsNullOrEmpty(ou))
            {
                throw new TokenException(TokenError.InvalidClaim, "no ou found in client token");
            }
            if (!issuers.Contains(ou, StringComparer.Ordinal) || config.Get(ServerConfigKeys.IssuerPublicKey(ou)) is not { } issuer)
            {
                throw new TokenException(TokenError.InvalidClaim, $"no issuer found for {ou} ou");
            }
            using var key = TokenVerificationKey.Parse(issuer, ServerConfigKeys.IssuerPublicKey(ou));
            return ClientIdTokens.Verify(token, key, clock);
        }
        TokenException? last = null;
        foreach (var signer in config.GetList(ChoriaProviderRules.TrustedSigners))
        {
            try
            {
                using var key = TokenVerificationKey.Parse(signer, ChoriaProviderRules.TrustedSigners);
                return ClientIdTokens.Verify(token, key, clock);
            }
            catch (TokenException e)
            {
                last = e;
            }
        }
        throw last ?? new TokenException(TokenError.InvalidKey, "no trusted token signers or issuers configured");
    }
}
