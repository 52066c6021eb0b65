using System.Text.Json.Serialization;

namespace Provisioner.Aaa.Signing;

/// <summary>The input of <c>aaa_signer#sign</c>: the request JSON as a plain string (not base64), the hex signature over its UTF-8 bytes, the JWT.</summary>
public sealed record SignerRpcData
{
    [JsonPropertyName("request")] public string? Request { get; init; }
    [JsonPropertyName("signature")] public string? Signature { get; init; }
    [JsonPropertyName("token")] public string? Token { get; init; }
}

/// <summary>The output of <c>aaa_signer#sign</c>: the secure request JSON as a string, empty when denied.</summary>
public sealed record SignerRpcReply
{
    [JsonPropertyName("secure_request")] public string SecureRequest { get; init; } = "";
}
