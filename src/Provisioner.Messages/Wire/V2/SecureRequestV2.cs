using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// The <c>io.choria.protocol.v2.secure_request</c> layer: <see cref="Request"/> is base64 of the exact request bytes,
/// <see cref="Signature"/> base64 of the caller's Ed25519 signature over those bytes, <see cref="Caller"/> the caller's
/// token as read from its file; <see cref="Signer"/> (an AAA delegate) is never used in provisioning.
/// </summary>
public sealed record SecureRequestV2(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("request")] string Request,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("caller")] string Caller,
    [property: JsonPropertyName("signer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signer = null);
