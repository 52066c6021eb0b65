using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The <c>choria:request:1</c> layer; <see cref="Message"/> holds the RPC body text raw (or base64 <c>ping</c> for discovery).</summary>
public sealed record ChoriaRequest(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("envelope")] RequestEnvelope Envelope);
