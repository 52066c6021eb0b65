using System.Collections.Concurrent;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// The secrets of attempts running on this member: the node's answer to the leader's token check, from the start to
/// the <c>jwt</c> step that verifies it, then the verified provisioning claims to the attempt's end. They carry the
/// node's token and broker password, so they are never persisted.
/// </summary>
public sealed class AttemptSecrets
{
    private readonly ConcurrentDictionary<string, ProvisioningClaims> _claims = new();
    private readonly ConcurrentDictionary<string, AdmittedToken> _admitted = new();

    /// <summary>How many identities hold secrets now.</summary>
    public int Count => _claims.Keys.Union(_admitted.Keys).Count();

    public void Remember(string identity, ProvisioningClaims claims) => _claims[identity] = claims;

    /// <summary>The claims of <paramref name="identity"/>'s running attempt, or null after a failover or its end.</summary>
    public ProvisioningClaims? Of(string identity) => _claims.GetValueOrDefault(identity);

    /// <summary>Keeps what <paramref name="identity"/> answered the leader's token check until its <c>jwt</c> step runs.</summary>
    public void Admitted(string identity, AdmittedToken answer) => _admitted[identity] = answer;

    /// <summary>The admission's answer for <paramref name="identity"/>, once: a step that runs again asks the node itself.</summary>
    public AdmittedToken? TakeAdmitted(string identity) => _admitted.TryRemove(identity, out var answer) ? answer : null;

    public void Forget(string identity)
    {
        _claims.TryRemove(identity, out _);
        _admitted.TryRemove(identity, out _);
    }
}
