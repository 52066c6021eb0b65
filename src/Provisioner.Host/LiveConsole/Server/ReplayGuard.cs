using System.Collections.Concurrent;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// Remembers the nonces of accepted signed requests for as long as their timestamps are acceptable, so a
/// captured request cannot be sent again. Only requests whose signature verified are remembered, so forged
/// requests cannot fill it.
/// </summary>
public sealed class ReplayGuard(TimeSpan window, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private long _nextSweep;

    /// <summary>True the first time a (key, nonce) pair is seen within the window; false for a replay.</summary>
    public bool TryUse(string key, string nonce, long timestamp)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        Sweep(now);
        // The pair must be remembered until its timestamp leaves the window on both sides of the clock.
        var forgetAt = timestamp + 2 * (long)window.TotalSeconds + 1;
        return _seen.TryAdd($"{key.ToLowerInvariant()}/{nonce}", forgetAt);
    }

    private void Sweep(long now)
    {
        var next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + 10, next) != next)
        {
            return;
        }
        foreach (var (pair, forgetAt) in _seen)
        {
            if (forgetAt < now)
            {
                _seen.TryRemove(pair, out _);
            }
        }
    }
}
