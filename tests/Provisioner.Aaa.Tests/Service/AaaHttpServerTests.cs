using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.Aaa.Client;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Http;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;
using Provisioner.Testing;

namespace Provisioner.Aaa.Tests.Service;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AaaHttpServerTests : IDisposable
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);
    private readonly AaaWorld _world = new();
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Login_then_sign_over_http_as_the_choria_client_does()
    {
        using var service = _world.Service(clock: TimeProvider.System);
        await using var server = await AaaHttpServer.StartAsync(service, Loopback, disableTls: true, NullLoggerFactory.Instance);
        var paths = new ClientCredentialPaths(Path.Combine(_world.Directory, "home", ".choria", "client.jwt"), Path.Combine(_world.Directory, "home", ".choria", "client.key"));

        var token = await LoginClient.LoginAsync(_http, server.Url + AaaHttpServer.LoginPath, "bob", AaaWorld.Password, paths, TimeProvider.System);

        Assert.Equal(token, File.ReadAllText(paths.TokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.TokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.SeedFile));
        var seedHex = File.ReadAllText(paths.SeedFile);
        Assert.Matches("^[0-9a-f]{64}$", seedHex);

        using var seed = Ed25519KeyPair.FromSeedHex(seedHex);
        var request = ClientRequests.Build("rpcutil", "ping", RpcData.EmptyObject, "up=bob", "client", "choria", TimeProvider.System);
        var bytes = Encoding.UTF8.GetBytes(request);
        var reply = await PostSign(server, token, bytes, AaaWorld.SignHex(seed, bytes));

        using var secure = JsonDocument.Parse(Convert.FromBase64String(reply.GetProperty("secure_request").GetString()!));
        Assert.Equal(Protocols.SecureRequest, secure.RootElement.GetProperty("protocol").GetString());
    }

    [Fact]
    public async Task Every_login_writes_a_new_seed_even_when_the_login_fails()
    {
        using var service = _world.Service(clock: TimeProvider.System);
        await using var server = await AaaHttpServer.StartAsync(service, Loopback, disableTls: true, NullLoggerFactory.Instance);
        var paths = new ClientCredentialPaths(Path.Combine(_world.Directory, "t", "token"), Path.Combine(_world.Directory, "t", "token.key"));
        await LoginClient.LoginAsync(_http, server.Url + AaaHttpServer.LoginPath, "bob", AaaWorld.Password, paths, TimeProvider.System);
        var firstSeed = File.ReadAllText(paths.SeedFile);

        var failure = await Assert.ThrowsAsync<AaaClientException>(() =>
            LoginClient.LoginAsync(_http, server.Url + AaaHttpServer.LoginPath, "bob", "wrong", paths, TimeProvider.System));

        Assert.Equal("Login failed", failure.Message);
        Assert.NotEqual(firstSeed, File.ReadAllText(paths.SeedFile));
    }

    [Fact]
    public async Task A_denied_request_reads_request_denied_with_http_200()
    {
        using var service = _world.Service(clock: TimeProvider.System);
        await using var server = await AaaHttpServer.StartAsync(service, Loopback, disableTls: true, NullLoggerFactory.Instance);
        using var key = Ed25519KeyPair.Generate();
        var bytes = Encoding.UTF8.GetBytes(ClientRequests.Build("puppet", "enable", RpcData.EmptyObject, "up=bob", "client", "choria", TimeProvider.System));
        var token = new AaaWorld().Token(key);

        var reply = await PostSign(server, token, bytes, AaaWorld.SignHex(key, bytes));

        Assert.Equal("Request denied", reply.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_http_signer_client_returns_the_secure_request_or_the_signers_refusal()
    {
        using var service = _world.Service(clock: TimeProvider.System);
        await using var server = await AaaHttpServer.StartAsync(service, Loopback, disableTls: true, NullLoggerFactory.Instance);
        using var key = Ed25519KeyPair.Generate();
        var token = _world.Token(key);
        var url = server.Url + AaaHttpServer.SignPath;

        var secure = await HttpSignerClient.SignAsync(_http, url, ClientRequests.Build("rpcutil", "ping", RpcData.EmptyObject, "up=bob", "client", "choria", TimeProvider.System), token, key);
        var refusal = await Assert.ThrowsAsync<AaaClientException>(() =>
            HttpSignerClient.SignAsync(_http, url, ClientRequests.Build("puppet", "enable", RpcData.EmptyObject, "up=bob", "client", "choria", TimeProvider.System), token, key));

        using (var document = JsonDocument.Parse(secure))
        {
            Assert.Equal(Protocols.SecureRequest, document.RootElement.GetProperty("protocol").GetString());
            Assert.Contains("\"callerid\":\"up=bob\"", document.RootElement.GetProperty("message").GetString());
        }
        Assert.Equal("error from remote signer: Request denied", refusal.Message);
    }

    [Fact]
    public async Task Without_a_signer_or_authenticator_the_routes_answer_501()
    {
        using var service = _world.Service(AaaSettings.Parse("{\"site\":\"x\"}"));
        await using var server = await AaaHttpServer.StartAsync(service, Loopback, disableTls: true, NullLoggerFactory.Instance);

        using var login = await _http.PostAsync(server.Url + AaaHttpServer.LoginPath, new StringContent("{}"));
        using var sign = await _http.PostAsync(server.Url + AaaHttpServer.SignPath, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotImplemented, login.StatusCode);
        Assert.Equal("\"operation PostLogin has not yet been implemented\"", await login.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotImplemented, sign.StatusCode);
    }

    [Fact]
    public async Task Tls_is_required_unless_switched_off()
    {
        using var service = _world.Service();

        var error = await Assert.ThrowsAsync<AaaConfigException>(() => AaaHttpServer.StartAsync(service, Loopback, disableTls: false, NullLoggerFactory.Instance));

        Assert.Contains("TLS settings are not set", error.Message);
    }

    [Fact]
    public async Task With_tls_settings_it_serves_https_with_the_configured_certificate()
    {
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", SharedRsaKey.Rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificateFile = Path.Combine(_world.Directory, "https.pem");
        var keyFile = Path.Combine(_world.Directory, "https.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, SharedRsaKey.PrivatePem);
        var config = _world.Config().Replace("\"site\": \"london\",", $"\"site\": \"london\", \"tls_certificate\": \"{certificateFile}\", \"tls_key\": \"{keyFile}\",", StringComparison.Ordinal);
        using var service = _world.Service(AaaSettings.Parse(config), clock: TimeProvider.System);
        await using var server = await AaaHttpServer.StartAsync(service, Loopback, disableTls: false, NullLoggerFactory.Instance);
        string? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => (seen = presented?.Thumbprint) == certificate.Thumbprint,
        };
        using var https = new HttpClient(handler);
        var paths = new ClientCredentialPaths(Path.Combine(_world.Directory, "tls", "client.jwt"), Path.Combine(_world.Directory, "tls", "client.key"));

        var token = await LoginClient.LoginAsync(https, server.Url + AaaHttpServer.LoginPath, "bob", AaaWorld.Password, paths, TimeProvider.System);

        Assert.StartsWith("https://", server.Url);
        Assert.Equal(certificate.Thumbprint, seen);
        Assert.NotEmpty(token);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_a_400()
    {
        using var service = _world.Service();
        await using var server = await AaaHttpServer.StartAsync(service, Loopback, disableTls: true, NullLoggerFactory.Instance);

        using var response = await _http.PostAsync(server.Url + AaaHttpServer.LoginPath, new StringContent("not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<JsonElement> PostSign(AaaHttpServer server, string token, byte[] request, string signature)
    {
        using var response = await _http.PostAsJsonAsync(server.Url + AaaHttpServer.SignPath,
            new { token, request = Convert.ToBase64String(request), signature });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public void Dispose()
    {
        _http.Dispose();
        _world.Dispose();
    }
}
