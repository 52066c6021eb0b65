using System.Text.Json.Serialization;

namespace Provisioner.Aaa.Signing;

/// <summary>The body of <c>POST /choria/v1/sign</c>: the client JWT, the request as base64, and the client's hex ed25519 signature over the decoded bytes.</summary>
public sealed record SignRequest
{
    [JsonPropertyName("token")] public string? Token { get; init; }
    [JsonPropertyName("request")] public string? Request { get; init; }
    [JsonPropertyName("signature")] public string? Signature { get; init; }
}
