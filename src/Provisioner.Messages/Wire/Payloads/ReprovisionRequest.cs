using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_provision#reprovision</c>.</summary>
public sealed record ReprovisionRequest(
    [property: JsonPropertyName("token")] string Token = "");
