using System.Text.Json.Serialization;

namespace Provisioner.Bench.Crypto;

/// <summary>The JSON a crypto run writes with <c>--json</c>, read by <c>scripts/bench.sh</c>.</summary>
public sealed record CryptoReport(
    [property: JsonPropertyName("benchmark")] string Benchmark,
    [property: JsonPropertyName("crypto_bound_per_min")] double NodesPerMinute,
    [property: JsonPropertyName("nodes")] long Nodes,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("node_us")] double NodeMicroseconds,
    [property: JsonPropertyName("steps")] IReadOnlyList<CryptoReportStep> Steps,
    [property: JsonPropertyName("machine")] MachineInfo Machine,
    [property: JsonPropertyName("measured_at")] DateTimeOffset MeasuredAt)
{
    /// <summary>The report of <paramref name="result"/> measured on <paramref name="machine"/>.</summary>
    public static CryptoReport From(CryptoPipelineResult result, MachineInfo machine, DateTimeOffset measuredAt) => new(
        "crypto",
        Math.Round(result.NodesPerMinute),
        result.Nodes,
        Math.Round(result.Elapsed.TotalSeconds, 3),
        result.Threads,
        Math.Round(result.NodeMicroseconds, 1),
        result.Steps.Select(s => new CryptoReportStep(s.Name, s.Side, Math.Round(s.MeanMicroseconds, 1), s.Count)).ToArray(),
        machine,
        measuredAt);
}
