using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>The <c>client_stats</c> of <c>choria_util#info</c>: message and byte counters of the middleware client.</summary>
public sealed record ChoriaUtilClientStats(
    [property: JsonPropertyName("in_msgs")] ulong InMsgs,
    [property: JsonPropertyName("out_msgs")] ulong OutMsgs,
    [property: JsonPropertyName("in_bytes")] ulong InBytes,
    [property: JsonPropertyName("out_bytes")] ulong OutBytes,
    [property: JsonPropertyName("reconnects")] ulong Reconnects)
{
    /// <summary>All counters zero: what a client reports that keeps no counters it can share.</summary>
    public static ChoriaUtilClientStats None { get; } = new(0, 0, 0, 0, 0);
}
