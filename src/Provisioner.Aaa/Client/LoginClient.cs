using System.Globalization;
using System.Net.Http.Json;
using Provisioner.Aaa.Login;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;

namespace Provisioner.Aaa.Client;

/// <summary>
/// What <c>choria login</c> does: a fresh ed25519 seed written (0600) before the request, so even a failed login
/// retires the previous token's key; the login request signed with it; the token written (0600) on success.
/// </summary>
public static class LoginClient
{
    // A missing token directory is created 0700, as choria login does.
    private static readonly SecretFileOptions PrivateFiles = new() { DirectoryMode = FileModes.PrivateDirectory };

    /// <summary>Logs in at <paramref name="loginUrl"/> and returns the token, written to <paramref name="paths"/>'s token file.</summary>
    /// <exception cref="AaaClientException">Choria's wording: <c>invalid response code N: body</c>, the service's error, or <c>no token received</c>.</exception>
    public static async Task<string> LoginAsync(HttpClient http, string loginUrl, string username, string password, ClientCredentialPaths paths, TimeProvider clock, CancellationToken cancellation = default)
    {
        using var key = Ed25519KeyPair.Generate();
        SecretFile.Write(paths.SeedFile, key.ExportSeedHex(), FileModes.Secret, PrivateFiles);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new LoginRequest
        {
            Username = username,
            Password = password,
            Timestamp = timestamp,
            PublicKey = key.PublicKeyHex,
            Signature = key.SignHex(LoginRequest.SignedText(timestamp, username, password)),
        };
        using var response = await http.PostAsJsonAsync(loginUrl, request, AaaJsonContext.Default.LoginRequest, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new AaaClientException($"invalid response code {(int)response.StatusCode}: {body}");
        }
        LoginReply? reply;
        try
        {
            reply = System.Text.Json.JsonSerializer.Deserialize(body, AaaJsonContext.Default.LoginReply);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new AaaClientException($"invalid response: {body}");
        }
        if (!string.IsNullOrEmpty(reply?.Error))
        {
            throw new AaaClientException(reply.Error);
        }
        if (string.IsNullOrEmpty(reply?.Token))
        {
            throw new AaaClientException("no token received");
        }
        SecretFile.Write(paths.TokenFile, reply.Token, FileModes.Secret, PrivateFiles);
        return reply.Token;
    }
}
