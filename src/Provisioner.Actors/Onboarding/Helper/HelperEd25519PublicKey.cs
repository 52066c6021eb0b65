using System.Text.Json.Serialization;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>The node's <c>gen25519</c> reply as handed to the helper (the <c>ed25519_pubkey</c> section of its stdin).</summary>
public sealed record HelperEd25519PublicKey
{
    /// <summary>The node's ed25519 public key, hex.</summary>
    [JsonPropertyName("public_key")]
    public required string PublicKey { get; init; }

    /// <summary>The directory the node wrote its seed to.</summary>
    [JsonPropertyName("directory")]
    public required string Directory { get; init; }

    /// <summary>The node's hex signature over the nonce, already verified by the provisioner.</summary>
    [JsonPropertyName("signature")]
    public required string Signature { get; init; }
}
