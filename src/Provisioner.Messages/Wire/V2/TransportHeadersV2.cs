using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// The headers of a v2 transport, keys omitted when empty: <see cref="Reply"/> (requests only), <see cref="Sender"/>
/// and the hop list <see cref="Trace"/> (the schema says <c>seen-by</c>, Go writes <c>trace</c>). Federation is
/// unused in provisioning and never written.
/// </summary>
public sealed record TransportHeadersV2(
    [property: JsonPropertyName("reply"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reply,
    [property: JsonPropertyName("sender"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sender,
    [property: JsonPropertyName("trace"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<string>>? Trace)
{
    /// <summary>Headers with one <c>[url, sender, url]</c> hop when published on a connection (<paramref name="traceUrl"/> not null), as v1's <c>seen-by</c>.</summary>
    public static TransportHeadersV2 Create(string? reply, string? sender, string? traceUrl)
    {
        var v1 = TransportHeaders.Create(reply, sender, traceUrl);
        return new(v1.ReplyTo, v1.McSender, v1.SeenBy);
    }
}
