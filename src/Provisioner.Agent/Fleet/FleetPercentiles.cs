namespace Provisioner.Agent.Fleet;

/// <summary>p50, p95, p99, mean and max of some durations, in milliseconds (0 for none).</summary>
public sealed record FleetPercentiles(int Count, double P50Ms, double P95Ms, double P99Ms, double MeanMs, double MaxMs)
{
    public static FleetPercentiles Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Select(d => d.TotalMilliseconds).Order().ToList();
        if (sorted.Count == 0)
        {
            return new FleetPercentiles(0, 0, 0, 0, 0, 0);
        }
        double At(double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
        return new FleetPercentiles(sorted.Count, At(0.50), At(0.95), At(0.99), sorted.Average(), sorted[^1]);
    }
}
