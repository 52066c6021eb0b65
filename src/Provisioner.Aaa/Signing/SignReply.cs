using System.Text.Json.Serialization;

namespace Provisioner.Aaa.Signing;

/// <summary>The reply of <c>POST /choria/v1/sign</c>, always HTTP 200: the secure request as base64, or an error text.</summary>
public sealed record SignReply
{
    public const string RequestDenied = "Request denied";
    public const string NoSigner = "No signer configured";

    [JsonPropertyName("secure_request")] public string? SecureRequest { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
