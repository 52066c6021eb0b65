using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>
/// The <c>choria:secure:reply:1</c> layer; <see cref="Hash"/> is base64(SHA-256(<see cref="Message"/>)),
/// computed and checked even with protocol security off. A reply carries no signature.
/// </summary>
public sealed record SecureReply(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("hash")] string Hash)
{
    /// <summary>The hash Choria puts on <paramref name="replyText"/>: base64 of SHA-256 over its UTF-8 bytes.</summary>
    public static string HashOf(string replyText) => HashOf(Encoding.UTF8.GetBytes(replyText));

    /// <summary>The hash of a reply's UTF-8 bytes.</summary>
    public static string HashOf(ReadOnlySpan<byte> replyUtf8) => Convert.ToBase64String(SHA256.HashData(replyUtf8));
}
