using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// The flat <c>io.choria.protocol.v2.request</c> layer, keys in Go's order. <see cref="Message"/> is base64 of the
/// RPC body; <see cref="Caller"/> is the caller JWT's <c>callerid</c>; <see cref="Time"/> is Unix nanoseconds.
/// </summary>
public sealed record RequestV2(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("caller")] string Caller,
    [property: JsonPropertyName("collective")] string Collective,
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("ttl")] long Ttl,
    [property: JsonPropertyName("time")] long Time,
    [property: JsonPropertyName("filter")] RequestFilter Filter);
