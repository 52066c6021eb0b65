using System.Collections.Concurrent;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// The verified provisioning claims of attempts running on this member. They carry the node's token and
/// broker password, so they are never persisted and live only from the <c>jwt</c> step to the attempt's end.
/// </summary>
public sealed class AttemptSecrets
{
    private readonly ConcurrentDictionary<string, ProvisioningClaims> _claims = new();

    /// <summary>How many identities hold secrets now.</summary>
    public int Count => _claims.Count;

    public void Remember(string identity, ProvisioningClaims claims) => _claims[identity] = claims;

    /// <summary>The claims of <paramref name="identity"/>'s running attempt, or null after a failover or its end.</summary>
    public ProvisioningClaims? Of(string identity) => _claims.GetValueOrDefault(identity);

    public void Forget(string identity) => _claims.TryRemove(identity, out _);
}
