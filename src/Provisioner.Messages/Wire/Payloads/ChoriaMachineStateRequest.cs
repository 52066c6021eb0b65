using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_util#machine_state</c>: the machine to look up by name, instance id or path; absent is empty.</summary>
public sealed record ChoriaMachineStateRequest(
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("instance")] string? Instance = null,
    [property: JsonPropertyName("path")] string? Path = null)
{
    /// <summary>Whether any criterion is set; Go refuses a lookup without one.</summary>
    public bool HasCriteria => !string.IsNullOrEmpty(Name) || !string.IsNullOrEmpty(Instance) || !string.IsNullOrEmpty(Path);
}
