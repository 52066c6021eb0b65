using System.Text.Json.Serialization;

namespace Provisioner.Aaa.Login;

/// <summary>The login reply, always HTTP 200: a token, or one of the public error texts.</summary>
public sealed record LoginReply
{
    public const string LoginFailed = "Login failed";
    public const string CouldNotSign = "Could not sign JWT token";
    public const string NoAuthenticator = "No authenticator configured";

    [JsonPropertyName("token")] public string? Token { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
