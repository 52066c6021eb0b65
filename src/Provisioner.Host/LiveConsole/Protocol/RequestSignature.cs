using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// Proof that the holder of an authorized Ed25519 key sent this command now to this member incarnation: the
/// signature (hex) covers <see cref="ConsoleSignature.CanonicalText"/> of the target, the command words, the
/// timestamp and the nonce. <see cref="Member"/> repeats the target so a refusal can say which one it was for.
/// <see cref="Token"/>, a login JWT whose <c>public_key</c> is <see cref="Key"/>, stands in for the key being authorized.
/// </summary>
public sealed record RequestSignature(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("member")] MemberIncarnation? Member,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("token")] string? Token = null);
