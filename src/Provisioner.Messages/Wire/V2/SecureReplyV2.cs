using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// The <c>io.choria.protocol.v2.secure_reply</c> layer: <see cref="Reply"/> is base64 of the reply bytes and
/// <see cref="Hash"/> base64 of their SHA-256, the only thing Go receivers check. Provisioning-mode nodes do not sign
/// replies, so <see cref="Signature"/> and <see cref="Sender"/> are omitted.
/// </summary>
public sealed record SecureReplyV2(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("reply")] string Reply,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("signature"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null,
    [property: JsonPropertyName("sender"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sender = null)
{
    /// <summary>base64(SHA-256(<paramref name="replyBytes"/>)).</summary>
    public static string HashOf(ReadOnlySpan<byte> replyBytes) => Convert.ToBase64String(SHA256.HashData(replyBytes));

    /// <summary>Wraps the exact reply bytes, unsigned, with their hash.</summary>
    public static SecureReplyV2 Wrap(ReadOnlySpan<byte> replyBytes) =>
        new(ProtocolsV2.SecureReply, Convert.ToBase64String(replyBytes), HashOf(replyBytes));
}
