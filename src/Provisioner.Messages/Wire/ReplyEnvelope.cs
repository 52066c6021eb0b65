using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The envelope of a <c>choria:reply:1</c>: which request it answers, from whom, when.</summary>
public sealed record ReplyEnvelope(
    [property: JsonPropertyName("requestid")] string RequestId,
    [property: JsonPropertyName("senderid")] string SenderId,
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("time")] long Time);
