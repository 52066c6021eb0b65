using System.Globalization;

namespace Provisioner.Agent.Renewal;

/// <summary>
/// When a provisioned node renews its credentials (go-choria issue 1309): once the first of them has used
/// <see cref="Share"/> of its lifetime plus a random extra of up to <see cref="Splay"/> of it, drawn once per node, so a
/// fleet provisioned together renews spread out rather than in one burst. Both are shares of the lifetime.
/// </summary>
public sealed record RenewalPolicy(double Share, double Splay)
{
    /// <summary>At 80% of the lifetime, spread over a further 10%: a 1 y credential renews 73 to 37 days before it expires.</summary>
    public static RenewalPolicy Default { get; } = new(0.8, 0.1);

    /// <summary>Why the policy cannot work, or null: it must renew strictly inside the lifetime.</summary>
    public string? Problem() =>
        Share is <= 0 or >= 1 ? $"the share {Share.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1"
        : Splay < 0 ? $"the splay {Splay.ToString(CultureInfo.InvariantCulture)} must not be negative"
        : Share + Splay >= 1 ? "share plus splay must stay below 1, so renewal happens before expiry"
        : null;
}
