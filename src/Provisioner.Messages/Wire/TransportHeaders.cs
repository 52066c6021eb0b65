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
    /// <summary>
    /// Builds headers, turning empty values into absent ones. A publisher on a connection passes its
    /// <paramref name="seenByUrl"/> and gets one <c>[url, sender, url]</c> hop after <paramref name="earlierHops"/>,
    /// as every Go publisher records its hop; an empty URL (Go's connected URL while it is not connected) still
    /// makes a hop, <c>["", sender, ""]</c>. A null URL means the bytes are not being published by a connection
    /// (tests, tools), so no hop is recorded.
    /// </summary>
    public static TransportHeaders Create(
        string? replyTo,
        string? sender,
        string? seenByUrl,
        FederationHeader? federation = null,
        IReadOnlyList<IReadOnlyList<string>>? earlierHops = null)
    {
        IReadOnlyList<IReadOnlyList<string>> hops = seenByUrl is null || string.IsNullOrEmpty(sender)
            ? earlierHops ?? []
            : [.. earlierHops ?? [], [seenByUrl, sender, seenByUrl]];
        return new(
            string.IsNullOrEmpty(replyTo) ? null : replyTo,
            string.IsNullOrEmpty(sender) ? null : sender,
            hops.Count == 0 ? null : hops,
            federation);
    }
}
