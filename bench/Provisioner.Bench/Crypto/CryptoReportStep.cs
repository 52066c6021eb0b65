using System.Text.Json.Serialization;

namespace Provisioner.Bench.Crypto;

/// <summary>One step's line in a <see cref="CryptoReport"/>.</summary>
public sealed record CryptoReportStep(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("side")] string Side,
    [property: JsonPropertyName("mean_us")] double MeanMicroseconds,
    [property: JsonPropertyName("count")] long Count);
