namespace Provisioner.Testing;

/// <summary>
/// A clock that moves only when a test moves it, so every time-checked input (token expiry, request
/// age, lock lease) is decided by the test and not by how long the run took.
/// </summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>A clock standing at the moment it is made.</summary>
    public ManualClock() : this(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>The time the clock shows.</summary>
    public DateTimeOffset Now { get; set; } = now;

    /// <summary>A clock standing at <paramref name="seconds"/> after the Unix epoch.</summary>
    public static ManualClock AtUnix(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));

    public void Advance(TimeSpan by) => Now += by;

    public override DateTimeOffset GetUtcNow() => Now;
}
