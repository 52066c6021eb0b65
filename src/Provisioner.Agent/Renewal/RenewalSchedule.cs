namespace Provisioner.Agent.Renewal;

/// <summary>When a node's renewal is due and which credential makes it so.</summary>
public sealed record RenewalDue(DateTimeOffset At, CredentialLifetime Credential, double ShareOfLifetime);

/// <summary>The pure rule of <see cref="RenewalPolicy"/>: the earliest credential to reach its renewal share decides.</summary>
public static class RenewalSchedule
{
    /// <summary>
    /// When to renew, or null without credentials to renew. <paramref name="draw"/> (0..1) is the node's one random draw,
    /// used for every credential so that the earliest one decides consistently.
    /// </summary>
    public static RenewalDue? Due(IReadOnlyList<CredentialLifetime> credentials, RenewalPolicy policy, double draw)
    {
        var share = policy.Share + policy.Splay * Math.Clamp(draw, 0, 1);
        return credentials
            .Select(c => new RenewalDue(c.Issued + c.Lifetime * share, c, share))
            .OrderBy(d => d.At)
            .FirstOrDefault();
    }
}
