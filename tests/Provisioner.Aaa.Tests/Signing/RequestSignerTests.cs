using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Provisioner.Aaa.Audit;
using Provisioner.Aaa.Client;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Tokens;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa.Tests.Signing;

public sealed class RequestSignerTests : IDisposable
{
    private readonly AaaWorld _world = new();
    private readonly Ed25519KeyPair _client = Ed25519KeyPair.Generate();

    private string Request(string agent = "rpcutil", string action = "ping", string callerId = "up=bob") =>
        ClientRequests.Build(agent, action, RpcData.EmptyObject, callerId, "client.example.net", "choria", _world.Clock);

    private async Task<(Aaa.Signing.SignOutcome Outcome, string Request)> SignAsync(
        AaaService service, string? token = null, string? request = null, Func<byte[], byte[]>? tamper = null, Ed25519KeyPair? signer = null, string? signature = null)
    {
        request ??= Request();
        var bytes = AaaWorld.Utf8(request);
        var signed = signature ?? AaaWorld.SignHex(signer ?? _client, bytes);
        return (await service.SignAsync(tamper?.Invoke(bytes) ?? bytes, token ?? _world.Token(_client), signed), request);
    }

    [Fact]
    public async Task Good_sign_sets_the_callers_id_wraps_with_the_privileged_certificate_and_writes_one_allow_record()
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service);

        Assert.True(outcome.Allowed, outcome.Reason);
        using var secure = JsonDocument.Parse(outcome.SecureRequest!);
        Assert.Equal(Protocols.SecureRequest, secure.RootElement.GetProperty("protocol").GetString());
        var message = secure.RootElement.GetProperty("message").GetString()!;
        using var inner = JsonDocument.Parse(message);
        Assert.Equal("up=bob", inner.RootElement.GetProperty("envelope").GetProperty("callerid").GetString());
        var signature = Convert.FromBase64String(secure.RootElement.GetProperty("signature").GetString()!);
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(secure.RootElement.GetProperty("pubcert").GetString()!);
        Assert.Equal(AaaWorld.PrivilegedCertificate.Thumbprint, certificate.Thumbprint);
        Assert.True(certificate.GetRSAPublicKey()!.VerifyData(Encoding.UTF8.GetBytes(message), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var record = Assert.Single(await _world.AuditAsync());
        Assert.Equal(AuditDecision.Allow, record.Decision);
        Assert.Equal("rpcutil.ping", record.Subject);
        Assert.Equal("bob", record.User);
        Assert.Equal("london", record.Site);
        Assert.Single(File.ReadAllLines(_world.AuditLogPath), line => line.Contains("\"action\":\"allow\"") && line.Contains("\"caller\":\"up=bob\""));
    }

    [Fact]
    public async Task The_caller_is_sanitised_for_servers()
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service, _world.Token(_client, username: "bob.smith@corp"));

        using var secure = JsonDocument.Parse(outcome.SecureRequest!);
        using var inner = JsonDocument.Parse(secure.RootElement.GetProperty("message").GetString()!);
        Assert.Equal("up=bob_smith_corp", inner.RootElement.GetProperty("envelope").GetProperty("callerid").GetString());
    }

    [Fact]
    public async Task An_expired_token_is_denied_and_a_deny_record_is_written()
    {
        using var service = _world.Service();
        var token = _world.Token(_client);
        _world.Clock.Advance(TimeSpan.FromHours(1));

        var (outcome, _) = await SignAsync(service, token);

        Assert.False(outcome.Allowed);
        Assert.StartsWith("invalid token: token expired", outcome.Reason);
        Assert.Equal(AuditDecision.Deny, Assert.Single(await _world.AuditAsync()).Decision);
        Assert.Single(File.ReadAllLines(_world.AuditLogPath), line => line.Contains("\"action\":\"deny\""));
    }

    [Fact]
    public async Task A_token_signed_by_a_foreign_key_is_denied()
    {
        using var service = _world.Service();
        using var foreign = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));

        var (outcome, _) = await SignAsync(service, _world.Token(_client, signingKey: foreign));

        Assert.False(outcome.Allowed);
        Assert.StartsWith("invalid token:", outcome.Reason);
    }

    [Fact]
    public async Task A_token_that_is_not_a_client_id_token_is_denied()
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service, _world.Token(_client, c => c with { Purpose = TokenPurpose.Server }));

        Assert.StartsWith("invalid token: not a client id token", outcome.Reason);
    }

    [Fact]
    public async Task A_token_living_longer_than_max_validity_is_denied_unless_it_is_a_service_token()
    {
        using var service = _world.Service();
        var threeHours = _world.Clock.GetUtcNow().ToUnixTimeSeconds() + 3 * 3600;

        var tooLong = await SignAsync(service, _world.Token(_client, c => c with { ExpiresAt = threeHours }));
        var asService = await SignAsync(service, _world.Token(_client, c => c with { ExpiresAt = threeHours, Permissions = new ClientPermissions { Service = true } }));
        var noExpiry = await SignAsync(service, _world.Token(_client, c => c with { ExpiresAt = null }));

        Assert.Equal("invalid token: invalid claims: expiry is not set or it is too far in the future", tooLong.Outcome.Reason);
        Assert.True(asService.Outcome.Allowed, asService.Outcome.Reason);
        Assert.Equal(tooLong.Outcome.Reason, noExpiry.Outcome.Reason);
    }

    [Fact]
    public async Task A_missing_signature_is_denied_unless_bearer_tokens_are_allowed()
    {
        using var service = _world.Service();
        using var bearer = _world.Service(AaaSettings.Parse(_world.Config(signerExtra: ",\"allow_bearer_tokens\":true")));

        var strict = await SignAsync(service, signature: "");
        var lenient = await SignAsync(bearer, signature: "");

        Assert.Equal("no signature", strict.Outcome.Reason);
        Assert.True(lenient.Outcome.Allowed, lenient.Outcome.Reason);
    }

    [Fact]
    public async Task A_request_changed_by_one_byte_after_signing_is_denied()
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service, tamper: bytes =>
        {
            var changed = (byte[])bytes.Clone();
            var at = Encoding.UTF8.GetString(changed).IndexOf("ping", StringComparison.Ordinal);
            changed[at] = (byte)'P';
            return changed;
        });

        Assert.False(outcome.Allowed);
        Assert.StartsWith("invalid signature:", outcome.Reason);
    }

    [Fact]
    public async Task A_request_signed_with_another_seed_than_the_tokens_public_key_is_denied()
    {
        using var service = _world.Service();
        using var newSeed = Ed25519KeyPair.Generate();

        var (outcome, _) = await SignAsync(service, signer: newSeed);

        Assert.StartsWith("invalid signature:", outcome.Reason);
    }

    [Fact]
    public async Task An_action_outside_the_actionlist_is_denied_and_counted()
    {
        using var service = _world.Service();
        var before = AaaMetrics.AuthorizerDenied.WithLabels("puppet.enable").Value;

        var (outcome, _) = await SignAsync(service, request: Request("puppet", "enable"));

        Assert.False(outcome.Allowed);
        Assert.StartsWith("denied by the actionlist", outcome.Reason);
        Assert.Equal(before + 1, AaaMetrics.AuthorizerDenied.WithLabels("puppet.enable").Value);
        var record = Assert.Single(await _world.AuditAsync());
        Assert.Equal(("puppet.enable", AuditDecision.Deny), (record.Subject, record.Decision));
    }

    [Fact]
    public async Task Discovery_is_allowed_whatever_the_actionlist()
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service, _world.Token(_client, acls: []), Request("discovery", "ping"));

        Assert.True(outcome.Allowed, outcome.Reason);
    }

    [Fact]
    public async Task A_body_naming_another_agent_than_the_envelope_is_denied()
    {
        using var service = _world.Service();
        var request = Request().Replace("\\\"agent\\\":\\\"rpcutil\\\"", "\\\"agent\\\":\\\"puppet\\\"", StringComparison.Ordinal);
        Assert.Contains("puppet", request);

        var (outcome, _) = await SignAsync(service, _world.Token(_client, acls: ["puppet.*"]), request);

        Assert.StartsWith("authorization failed: the request body names agent 'puppet'", outcome.Reason);
    }

    [Theory]
    [InlineData("{\"protocol\":\"io.choria.protocol.unknown\",\"message\":\"x\",\"envelope\":{}}", "io.choria.protocol.unknown")]
    [InlineData("garbage", "")]
    public async Task An_unknown_protocol_or_garbage_is_denied_with_no_audit_record(string request, string version)
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service, request: request);

        Assert.Equal($"invalid request: unsupported request version '{version}'", outcome.Reason);
        Assert.Empty(await _world.AuditAsync());
        Assert.False(File.Exists(_world.AuditLogPath));
    }

    [Fact]
    public async Task A_v2_request_to_this_x509_signer_is_denied()
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service, request: "{\"protocol\":\"io.choria.protocol.v2.request\",\"agent\":\"rpcutil\",\"caller\":\"up=bob\"}");

        Assert.StartsWith("secure request failed:", outcome.Reason);
    }

    [Fact]
    public async Task A_chained_token_is_denied()
    {
        using var service = _world.Service();

        var (outcome, _) = await SignAsync(service, _world.Token(_client, c => c with { Issuer = "C-abc.def", TrustChainSignature = "x.y" }));

        Assert.StartsWith("invalid token: chained", outcome.Reason);
    }

    [Fact]
    public async Task Signing_the_same_request_again_leaves_one_audit_record()
    {
        using var service = _world.Service();
        using var other = _world.Service(member: "member-2");
        var request = Request();
        var token = _world.Token(_client);

        var first = await SignAsync(service, token, request);
        var second = await SignAsync(other, token, request);

        Assert.True(first.Outcome.Allowed && second.Outcome.Allowed);
        Assert.Single(await _world.AuditAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _world.Dispose();
    }
}
