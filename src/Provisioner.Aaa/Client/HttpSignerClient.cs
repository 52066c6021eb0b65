using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Provisioner.Aaa.Signing;
using Provisioner.Security.Keys;

namespace Provisioner.Aaa.Client;

/// <summary>Asks the HTTP signer (<c>POST /choria/v1/sign</c>) to sign a request, as go-choria's HTTP remote signer does.</summary>
public static class HttpSignerClient
{
    /// <summary>Signs <paramref name="request"/> with <paramref name="seed"/>, has <paramref name="url"/> sign it, and returns the secure request JSON.</summary>
    /// <exception cref="AaaClientException"><c>could not perform remote signing request: …</c> or <c>error from remote signer: …</c>.</exception>
    public static async Task<string> SignAsync(HttpClient http, string url, string request, string token, Ed25519KeyPair seed, CancellationToken cancellation = default)
    {
        var bytes = Encoding.UTF8.GetBytes(request);
        var body = new SignRequest { Token = token, Request = Convert.ToBase64String(bytes), Signature = Convert.ToHexStringLower(seed.Sign(bytes)) };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(url, body, AaaJsonContext.Default.SignRequest, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new AaaClientException($"could not perform remote signing request: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode)
            {
                throw new AaaClientException($"could not perform remote signing request: {(int)response.StatusCode}");
            }
            SignReply? reply;
            try
            {
                reply = JsonSerializer.Deserialize(text, AaaJsonContext.Default.SignReply);
            }
            catch (JsonException e)
            {
                throw new AaaClientException($"could not perform remote signing request: {e.Message}");
            }
            if (!string.IsNullOrEmpty(reply?.Error))
            {
                throw new AaaClientException($"error from remote signer: {reply.Error}");
            }
            return Encoding.UTF8.GetString(Convert.FromBase64String(reply?.SecureRequest ?? ""));
        }
    }
}
