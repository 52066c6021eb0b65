using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Output of <c>choria_util#machine_states</c>: every running machine's id, <c>name version</c> and state by id.</summary>
public sealed record ChoriaMachineStatesReply(
    [property: JsonPropertyName("machine_ids")] IReadOnlyList<string> MachineIds,
    [property: JsonPropertyName("machine_names")] IReadOnlyList<string> MachineNames,
    [property: JsonPropertyName("states")] IReadOnlyDictionary<string, ChoriaMachineState> States)
{
    /// <summary>A server running no machines: empty lists and an empty map, never null.</summary>
    public static ChoriaMachineStatesReply None { get; } = new([], [], new Dictionary<string, ChoriaMachineState>());
}
