using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Input of <c>choria_provision#gen25519</c>: the nonce the node must sign with its new Ed25519 key.</summary>
public sealed record Gen25519Request(
    [property: JsonPropertyName("nonce")] string Nonce = "",
    [property: JsonPropertyName("token")] string Token = "");
