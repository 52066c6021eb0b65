using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The outermost <c>choria:transport:1</c> layer; <see cref="Data"/> is base64 of the secure layer's bytes.</summary>
public sealed record TransportMessage(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("headers")] TransportHeaders Headers);
