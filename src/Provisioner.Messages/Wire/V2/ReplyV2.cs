using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.V2;

/// <summary>The <c>io.choria.protocol.v2.reply</c> layer: <see cref="Message"/> is base64 of the RPC reply body (or <c>pong</c>), <see cref="Time"/> Unix nanoseconds.</summary>
public sealed record ReplyV2(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("request")] string Request,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("time")] long Time);
