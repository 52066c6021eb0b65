using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// Proof that the holder of an authorized Ed25519 key sent this command now: the signature (hex) covers
/// <see cref="ConsoleSignature.CanonicalText"/> of the command words, the timestamp and the nonce.
/// </summary>
public sealed record RequestSignature(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("signature")] string Signature);
