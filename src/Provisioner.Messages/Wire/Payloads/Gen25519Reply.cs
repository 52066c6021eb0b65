using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>Output of <c>choria_provision#gen25519</c>: hex public key, the directory holding the seed, hex signature over the nonce.</summary>
public sealed record Gen25519Reply(
    [property: JsonPropertyName("public_key")] string PublicKey = "",
    [property: JsonPropertyName("directory")] string Directory = "",
    [property: JsonPropertyName("signature")] string Signature = "");
