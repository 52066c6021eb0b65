using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_provision#restart</c>; <see cref="Splay"/> is whole seconds (Go <c>int</c>; 0 means 10).</summary>
public sealed record RestartRequest(
    [property: JsonPropertyName("splay")] int Splay = 1,
    [property: JsonPropertyName("token")] string Token = "");
