using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The envelope of a <c>choria:request:1</c>: who asks what of whom, and until when.</summary>
public sealed record RequestEnvelope(
    [property: JsonPropertyName("requestid")] string RequestId,
    [property: JsonPropertyName("senderid")] string SenderId,
    [property: JsonPropertyName("callerid")] string CallerId,
    [property: JsonPropertyName("collective")] string Collective,
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("ttl")] long Ttl,
    [property: JsonPropertyName("time")] long Time,
    [property: JsonPropertyName("filter")] RequestFilter Filter);
