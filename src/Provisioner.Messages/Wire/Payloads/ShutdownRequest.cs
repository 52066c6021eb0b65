using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_provision#shutdown</c>.</summary>
public sealed record ShutdownRequest(
    [property: JsonPropertyName("token")] string Token = "");
