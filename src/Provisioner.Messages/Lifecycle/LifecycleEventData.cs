using System.Text.Json.Serialization;

namespace Provisioner.Messages.Lifecycle;

/// <summary>
/// The data of a lifecycle CloudEvent, which on its own is also the legacy flat format.
/// <see cref="Version"/> and <see cref="NewVersion"/> are left out when null.
/// </summary>
public sealed record LifecycleEventData(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("identity")] string Identity,
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version = null,
    [property: JsonPropertyName("new_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NewVersion = null);
