using System.Text.Json.Serialization;

namespace Provisioner.Messages.Lifecycle;

/// <summary>A lifecycle event as a CloudEvents 1.0 JSON document, keys in the order go-choria writes them.</summary>
public sealed record LifecycleCloudEvent(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("data")] LifecycleEventData Data);
