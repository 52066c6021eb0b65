using System.Security.Cryptography;
using System.Text;
using Provisioner.Security.Tokens;

namespace Provisioner.Testing;

/// <summary>
/// Provisioning tokens laid out as <c>choria jwt provisioning FILE signer-key.pem --srv DOMAIN --token T</c> writes
/// them: go-choria's claim order and omissions, <c>iss</c> "Choria CLI", <c>nbf</c> = <c>iat</c>, a KSUID
/// <c>jti</c> and no <c>exp</c>, signed RS256 with <see cref="SharedRsaKey"/> straight through .NET's RSA, not through
/// our JWS layer, so a test of our verifier does not lean on our signer.
/// </summary>
public static class ChoriaCliTokens
{
    private const string Header = """{"alg":"RS256","typ":"JWT"}""";

    /// <summary>
    /// The claims JSON. <paramref name="urls"/> replaces <c>chsrv</c> when given; <paramref name="expiresAt"/> adds an
    /// <c>exp</c> where go-choria's registered claims put it; <paramref name="extensionsJson"/> replaces <c>null</c>.
    /// </summary>
    public static string Claims(
        string agentToken,
        DateTimeOffset issuedAt,
        string srvDomain = "choria.example.net",
        string? urls = null,
        long? expiresAt = null,
        string? brokerUser = null,
        string? brokerPassword = null,
        string? extensionsJson = null)
    {
        var iat = issuedAt.ToUnixTimeSeconds();
        var json = new StringBuilder();
        json.Append($"{{\"cht\":\"{agentToken}\",\"chs\":true,");
        json.Append(urls is null ? $"\"chsrv\":\"{srvDomain}\"," : $"\"chu\":\"{urls}\",");
        json.Append("\"chpd\":false,");
        if (brokerUser is not null) json.Append($"\"chusr\":\"{brokerUser}\",");
        if (brokerPassword is not null) json.Append($"\"chpwd\":\"{brokerPassword}\",");
        json.Append($"\"extensions\":{extensionsJson ?? "null"},");
        json.Append("\"purpose\":\"choria_provisioning\",\"iss\":\"Choria CLI\",\"sub\":\"choria_provisioning\",");
        if (expiresAt is not null) json.Append($"\"exp\":{expiresAt},");
        json.Append($"\"nbf\":{iat},\"iat\":{iat},\"jti\":\"{Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(iat))}\"}}");
        return json.ToString();
    }

    /// <summary>Signs <paramref name="claimsJson"/> RS256 with <see cref="SharedRsaKey"/>.</summary>
    public static string Sign(string claimsJson)
    {
        var input = $"{Base64Url(Encoding.UTF8.GetBytes(Header))}.{Base64Url(Encoding.UTF8.GetBytes(claimsJson))}";
        var signature = SharedRsaKey.Rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{Base64Url(signature)}";
    }

    /// <summary>A signed token with no <c>exp</c>, issued a minute before <paramref name="now"/>.</summary>
    public static string WithoutExpiry(string agentToken, DateTimeOffset now, string? urls = null, string? brokerUser = null, string? brokerPassword = null, string? extensionsJson = null) =>
        Sign(Claims(agentToken, now.AddMinutes(-1), urls: urls, brokerUser: brokerUser, brokerPassword: brokerPassword, extensionsJson: extensionsJson));

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
