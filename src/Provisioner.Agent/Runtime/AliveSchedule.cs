namespace Provisioner.Agent.Runtime;

/// <summary>When a node says it is alive: once after <see cref="FirstDelay"/>, then every <see cref="Interval"/>.</summary>
public sealed record AliveSchedule(TimeSpan FirstDelay, TimeSpan Interval)
{
    /// <summary>Choria servers announce themselves alive every 30 minutes.</summary>
    public static readonly TimeSpan ChoriaInterval = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Choria's schedule scaled to <paramref name="interval"/>: the first event after a random whole thirtieth of the
    /// interval (0 to 29 minutes for 30 minutes, as go-choria draws it), so a fleet started at once does not announce
    /// itself all at once, then one every interval. <paramref name="firstDelay"/> replaces the draw.
    /// </summary>
    public static AliveSchedule Of(TimeSpan interval, TimeSpan? firstDelay = null, Random? random = null)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "the alive interval must be positive");
        }
        if (firstDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstDelay), firstDelay, "the first alive delay must not be negative");
        }
        return new AliveSchedule(firstDelay ?? interval / 30 * (random ?? Random.Shared).Next(30), interval);
    }
}
