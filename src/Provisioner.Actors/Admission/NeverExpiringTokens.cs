using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Admission;

/// <summary>
/// Warns in the member's log that a verified provisioning token never expires (no <c>exp</c>, as
/// <c>choria jwt provisioning</c> used to write them). A fleet shares one token, so the warning comes once per token
/// (its <c>jti</c>), not once per machine.
/// </summary>
public sealed class NeverExpiringTokens(ILogger? logger = null)
{
    /// <summary>Token ids remembered at most; past it the memory starts afresh, so a warning may repeat but memory stays bounded.</summary>
    public const int Capacity = 4096;

    private readonly ILogger _log = logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, byte> _warned = new(StringComparer.Ordinal);

    /// <summary>Logs the warning for <paramref name="claims"/> when they never expire and their token was not warned of yet.</summary>
    public void Observe(string identity, ProvisioningClaims claims)
    {
        if (!TokenLifetime.NeverExpires(claims))
        {
            return;
        }
        if (_warned.Count >= Capacity)
        {
            _warned.Clear();
        }
        if (_warned.TryAdd(claims.Id ?? "", 0))
        {
            _log.LogWarning("provisioning token {TokenId} (first presented by {Identity}): {Warning}; provisioner.require-token-expiry = on refuses such tokens",
                claims.Id ?? "without jti", identity, TokenLifetime.NeverExpiresWarning);
        }
    }
}
