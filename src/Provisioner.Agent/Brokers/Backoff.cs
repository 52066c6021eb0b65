namespace Provisioner.Agent.Brokers;

/// <summary>Choria's "twenty seconds" backoff: waits that grow from half a second to at most 20 s, jittered so a fleet does not retry in step.</summary>
public static class Backoff
{
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(20);

    /// <summary>The wait before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public static TimeSpan TwentySeconds(int attempt, Random? random = null)
    {
        var steps = Math.Clamp(attempt, 1, 40);
        var seconds = Math.Min(Maximum.TotalSeconds, 0.5 * steps * steps);
        var jitter = 0.5 + (random ?? Random.Shared).NextDouble();
        return TimeSpan.FromSeconds(Math.Min(Maximum.TotalSeconds, seconds * jitter));
    }
}
