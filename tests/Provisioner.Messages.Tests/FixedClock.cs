namespace Provisioner.Messages.Tests;

/// <summary>A clock that stands still at a chosen instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static FixedClock AtUnix(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));

    public override DateTimeOffset GetUtcNow() => now;
}
