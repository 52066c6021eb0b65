using System.Collections.Concurrent;

namespace Provisioner.Security.Tokens;

/// <summary>
/// Verifies provisioning tokens with one key (<see cref="ProvisioningTokens.Verify"/>), remembering the tokens whose
/// signature and claims already checked out: a fleet shares one token, and every node shows it at least once per attempt.
/// Only the exact text of a token that verified is remembered, so any other text is verified in full; the checks that
/// depend on the time run on every call. At most <paramref name="capacity"/> tokens are kept (all are dropped when
/// full): only tokens signed by the provisioning key get in, so an attacker cannot fill it.
/// </summary>
public sealed class ProvisioningTokenVerifier(TokenVerificationKey key, TimeProvider clock, bool requireExpiry, int capacity = 1024)
{
    private readonly ConcurrentDictionary<string, ProvisioningClaims> _signed = new(StringComparer.Ordinal);

    /// <summary>How many tokens it remembers now: never more than its capacity.</summary>
    public int Remembered => _signed.Count;

    /// <summary>The claims of <paramref name="token"/> if it is valid now.</summary>
    /// <exception cref="TokenException">The token does not verify, or is not valid now.</exception>
    public ProvisioningClaims Verify(string token)
    {
        if (!_signed.TryGetValue(token, out var claims))
        {
            claims = ProvisioningTokens.VerifySigned(token, key);
            if (_signed.Count >= capacity)
            {
                _signed.Clear();
            }
            _signed[token] = claims;
        }
        return ProvisioningTokens.CheckValidity(claims, clock.GetUtcNow(), requireExpiry);
    }
}
