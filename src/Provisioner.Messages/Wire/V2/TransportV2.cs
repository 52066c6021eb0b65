using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.V2;

/// <summary>The outermost <c>io.choria.protocol.v2.transport</c> layer; <see cref="Data"/> is base64 of the secure layer's bytes, <see cref="Headers"/> always present.</summary>
public sealed record TransportV2(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("headers")] TransportHeadersV2 Headers);
