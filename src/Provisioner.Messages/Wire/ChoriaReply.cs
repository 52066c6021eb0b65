using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The <c>choria:reply:1</c> layer; <see cref="Message"/> is the RPC reply body text (or <c>pong</c>).</summary>
public sealed record ChoriaReply(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("envelope")] ReplyEnvelope Envelope);
