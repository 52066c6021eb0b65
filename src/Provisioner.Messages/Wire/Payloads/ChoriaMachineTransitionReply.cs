using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Output of <c>choria_util#machine_transition</c>.</summary>
public sealed record ChoriaMachineTransitionReply([property: JsonPropertyName("success")] bool Success);
