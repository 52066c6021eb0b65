using System.Text.Json.Serialization;

namespace Provisioner.Aaa.Login;

/// <summary>
/// The body of <c>POST /choria/v1/login</c>: the credentials plus an ed25519 proof, by the key the token will name,
/// over <c>&lt;timestamp&gt;:&lt;username&gt;:&lt;password&gt;</c>.
/// </summary>
public sealed record LoginRequest
{
    [JsonPropertyName("username")] public string? Username { get; init; }
    [JsonPropertyName("password")] public string? Password { get; init; }

    /// <summary>Unix seconds as a decimal string, signed exactly as sent.</summary>
    [JsonPropertyName("timestamp")] public string? Timestamp { get; init; }

    [JsonPropertyName("public_key")] public string? PublicKey { get; init; }
    [JsonPropertyName("signature")] public string? Signature { get; init; }

    /// <summary>The text the signature covers.</summary>
    public static string SignedText(string timestamp, string username, string password) => $"{timestamp}:{username}:{password}";

    public override string ToString() => $"login of {Username} (password *****)";
}
