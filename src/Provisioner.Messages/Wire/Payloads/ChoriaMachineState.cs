using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// One autonomous agent (Choria machine) as <c>choria_util</c> reports it, keys in go-choria's <c>aagent.MachineState</c>
/// order; <see cref="ScoutState"/> is left out when null, as Go's <c>omitempty</c> does.
/// </summary>
public sealed record ChoriaMachineState(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("start_time")] long StartTime,
    [property: JsonPropertyName("available_transitions")] IReadOnlyList<string>? AvailableTransitions,
    [property: JsonPropertyName("scout")] bool Scout,
    [property: JsonPropertyName("current_state"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? ScoutState = null)
{
    /// <summary>What <c>machine_state</c> answers when no machine matches: Go's placeholder, its transitions a nil list.</summary>
    public static ChoriaMachineState Unknown { get; } = new("unknown machine", "unknown machine", "unknown machine", "", "", 0, null, false);
}
