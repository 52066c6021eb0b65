namespace Provisioner.Bench.Crypto;

/// <summary>What a crypto pipeline run completed: nodes, wall time, threads and the per-step means.</summary>
public sealed record CryptoPipelineResult(long Nodes, TimeSpan Elapsed, int Threads, IReadOnlyList<CryptoStepResult> Steps)
{
    /// <summary>The crypto-bound limit: complete nodes per minute of wall time on all threads.</summary>
    public double NodesPerMinute => Elapsed > TimeSpan.Zero ? Nodes / Elapsed.TotalMinutes : 0;

    /// <summary>The sum of the step means: what one node costs one thread, in microseconds.</summary>
    public double NodeMicroseconds => Steps.Sum(s => s.MeanMicroseconds);
}
