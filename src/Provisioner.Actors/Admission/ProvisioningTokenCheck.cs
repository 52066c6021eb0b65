using Provisioner.Actors.Rpc;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Admission;

/// <summary>
/// The one home of the token proof (spec §2 step 1): calls <c>choria_provision#jwt</c> on the node and verifies the
/// provisioning JWT it returns with <see cref="ProvisioningTokens.Verify"/> and, when sent, its X25519 key's shape. The leader's
/// admission asks it before a node gets an entity; the entity's <c>jwt</c> step asks it again for the claims it
/// keeps in memory on its own member. A token without <c>exp</c> verifies, as in Choria, unless
/// <paramref name="requireExpiry"/>; <paramref name="neverExpiring"/> says so in the log.
/// </summary>
public sealed class ProvisioningTokenCheck(
    ChoriaRpcClient rpc,
    string agentToken,
    TokenVerificationKey provisioningTokenKey,
    TimeProvider clock,
    bool requireExpiry = false,
    NeverExpiringTokens? neverExpiring = null)
{
    private const string Provision = "choria_provision";

    private readonly ProvisioningTokenVerifier _verifier = new(provisioningTokenKey, clock, requireExpiry);

    /// <summary>Asks <paramref name="identity"/>; <paramref name="timeout"/> null waits as long as the agent's DDL allows.</summary>
    public async Task<TokenCheckResult> CheckAsync(string identity, TimeSpan? timeout, CancellationToken cancellation)
    {
        var result = await rpc.CallAsync(identity, Provision, "jwt", new JwtRequest(agentToken), timeout, cancellation);
        if (!result.IsOk)
        {
            return new TokenCheckResult.Unanswered(result.Error ?? $"{result.RpcName} failed");
        }
        JwtReply reply;
        try
        {
            reply = result.Read<JwtReply>();
        }
        catch (ChoriaProtocolException e)
        {
            return new TokenCheckResult.Unanswered($"{result.RpcName}: {e.Message}");
        }
        return Check(identity, new AdmittedToken(reply.Jwt, reply.EcdhPublic));
    }

    /// <summary>Verifies what <paramref name="identity"/> answered to <c>jwt</c>, here or on the member that asked it.</summary>
    public TokenCheckResult Check(string identity, AdmittedToken answer)
    {
        ProvisioningClaims claims;
        try
        {
            claims = _verifier.Verify(answer.Jwt);
        }
        catch (TokenException e)
        {
            return new TokenCheckResult.Refused($"invalid provisioning JWT: {e.Message}");
        }
        // Choria needs the node's X25519 key only to wrap a private key from the helper, and fails that attempt then;
        // a node that sends none is checked as any other. One that is sent must have the key's shape.
        var ecdh = answer.EcdhPublic;
        if (ecdh.Length > 0 && (ecdh.Length != 64 || !ecdh.All(Uri.IsHexDigit)))
        {
            return new TokenCheckResult.Refused("invalid ecdh_public: expected 64 hex characters");
        }
        neverExpiring?.Observe(identity, claims);
        return new TokenCheckResult.Verified(claims, answer);
    }
}
