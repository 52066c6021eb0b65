using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Output of <c>choria_provision#jwt</c>: the node's provisioning JWT and a fresh X25519 public key (64 hex).</summary>
public sealed record JwtReply(
    [property: JsonPropertyName("jwt")] string Jwt = "",
    [property: JsonPropertyName("ecdh_public")] string EcdhPublic = "");
