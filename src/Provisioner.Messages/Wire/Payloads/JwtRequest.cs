using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_provision#jwt</c>.</summary>
public sealed record JwtRequest(
    [property: JsonPropertyName("token")] string Token = "");
