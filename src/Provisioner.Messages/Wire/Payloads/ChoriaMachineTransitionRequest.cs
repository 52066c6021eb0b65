using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_util#machine_transition</c>: the machine and the transition to fire in it.</summary>
public sealed record ChoriaMachineTransitionRequest(
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("version")] string? Version = null,
    [property: JsonPropertyName("instance")] string? Instance = null,
    [property: JsonPropertyName("path")] string? Path = null,
    [property: JsonPropertyName("transition")] string? Transition = null);
