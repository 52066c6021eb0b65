using Provisioner.Messages.Nodes;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Admission;

/// <summary>
/// What asking a node for its provisioning token showed: <see cref="Verified"/>, <see cref="Unanswered"/> (no usable
/// answer; asking again may work) or <see cref="Refused"/> (the answer proves the node holds no valid token).
/// </summary>
public abstract record TokenCheckResult
{
    private TokenCheckResult()
    {
    }

    /// <summary>
    /// The token verifies with the provisioning key; <paramref name="Claims"/> hold the node's secrets, never persist them.
    /// <paramref name="Answer"/> is what the node sent; its X25519 key is empty when it started no Diffie-Hellman exchange.
    /// </summary>
    public sealed record Verified(ProvisioningClaims Claims, AdmittedToken Answer) : TokenCheckResult
    {
        public string EcdhPublic => Answer.EcdhPublic;
    }

    /// <summary>No reply, an error status or a malformed reply; <paramref name="Reason"/> in Choria's words where it has them.</summary>
    public sealed record Unanswered(string Reason) : TokenCheckResult;

    /// <summary>The node answered with a token or key that does not verify.</summary>
    public sealed record Refused(string Reason) : TokenCheckResult;
}
