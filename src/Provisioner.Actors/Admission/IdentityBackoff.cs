using Provisioner.Messages.Fleet;

namespace Provisioner.Actors.Admission;

/// <summary>
/// The leader's in-memory record of identities whose admission or attempts keep failing: after the n-th failure in a
/// row the identity is ignored for <c>first * 2^(n-1)</c>, at most <c>cap</c>, so a name that never answers cannot
/// take admission or attempt slots again and again. Success forgets it; so does a full cap of quiet after its wait.
/// At most <c>capacity</c> identities are held, so a flood of distinct names cannot grow it without bound (the
/// queue bound still holds for those it has no room for).
/// </summary>
public sealed class IdentityBackoff(TimeSpan first, TimeSpan cap, int capacity)
{
    private readonly Dictionary<string, NodeBackoff> _failing = new(StringComparer.Ordinal);

    public int Count => _failing.Count;

    /// <summary>How long an identity waits after <paramref name="failures"/> failures in a row.</summary>
    public TimeSpan WaitAfter(int failures)
    {
        if (failures < 1)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(failures - 1, 30);
        var wait = first.Ticks * Math.Pow(2, doublings);
        return wait >= cap.Ticks ? cap : TimeSpan.FromTicks((long)wait);
    }

    /// <summary>Whether <paramref name="identity"/> is still waiting out its last failure at <paramref name="now"/>.</summary>
    public bool IsWaiting(string identity, DateTimeOffset now) =>
        _failing.TryGetValue(identity, out var entry) && entry.RetryAt > now;

    /// <summary>Records a failure; returns the identity's state, or null when there is no room to remember it.</summary>
    public NodeBackoff? Failed(string identity, string reason, DateTimeOffset now)
    {
        var failures = _failing.TryGetValue(identity, out var entry) ? entry.Failures + 1 : 1;
        if (entry is null && _failing.Count >= capacity)
        {
            return null;
        }
        var next = new NodeBackoff(identity, failures, reason, now + WaitAfter(failures));
        _failing[identity] = next;
        return next;
    }

    /// <summary>The identity was provisioned (or shut down as asked): its failures no longer count.</summary>
    public void Succeeded(string identity) => _failing.Remove(identity);

    /// <summary>What is known about <paramref name="identity"/>: no failures when nothing is.</summary>
    public NodeBackoff Of(string identity) => _failing.GetValueOrDefault(identity) ?? new NodeBackoff(identity, 0, "", null);

    /// <summary>Forgets identities that stayed quiet for a full cap after their wait ended.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var identity in _failing.Where(p => p.Value.RetryAt + cap < now).Select(p => p.Key).ToList())
        {
            _failing.Remove(identity);
        }
    }
}
