using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>
/// The headers of a <c>choria:transport:1</c>; each is omitted when empty, as Go's <c>omitempty</c> does.
/// <see cref="SeenBy"/> holds <c>[in, processor, out]</c> triples and is informational only.
/// </summary>
public sealed record TransportHeaders(
    [property: JsonPropertyName("reply-to"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyTo,
    [property: JsonPropertyName("mc_sender"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? McSender,
    [property: JsonPropertyName("seen-by"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<string>>? SeenBy,
    [property: JsonPropertyName("federation"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FederationHeader? Federation)
{
    /// <summary>Builds headers, turning empty values into absent ones and <paramref name="seenByUrl"/> into one <c>[url, identity, url]</c> hop.</summary>
    public static TransportHeaders Create(string? replyTo, string? sender, string? seenByUrl, FederationHeader? federation = null) => new(
        string.IsNullOrEmpty(replyTo) ? null : replyTo,
        string.IsNullOrEmpty(sender) ? null : sender,
        string.IsNullOrEmpty(seenByUrl) || string.IsNullOrEmpty(sender) ? null : [[seenByUrl, sender, seenByUrl]],
        federation);
}
