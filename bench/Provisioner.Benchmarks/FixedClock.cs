namespace Provisioner.Benchmarks;

/// <summary>A clock stopped at one instant, so time-checked inputs made in setup stay valid however long a run takes.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
