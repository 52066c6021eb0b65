using System.Text;
using Provisioner.Aaa.Tokens;
using Provisioner.Host.LiveConsole.Client;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>
/// A login JWT (AAA's <c>choria_client_id</c> token) in place of an authorized key, at an endpoint that trusts neither
/// loopback nor any key of its own: the token must verify with the login key, be unexpired and capped, name the key that
/// signed the request, and carry the provisioner (or org_admin) permission.
/// </summary>
[Collection(ConsoleMemberCollection.Name)]
public sealed class ConsoleLoginTests(ConsoleMemberFixture fixture) : IAsyncLifetime
{
    private static readonly string[] Pause = ["provisioner", "pause"];
    private static readonly string[] Resume = ["provisioner", "resume"];

    private readonly Ed25519KeyPair _loginSeed = Ed25519KeyPair.Generate();
    private readonly Ed25519KeyPair _client = Ed25519KeyPair.Generate();
    private TokenSigningKey _loginKey = null!;
    private ConsoleEndpoint _endpoint = null!;

    private ConsoleAddress Address => new("127.0.0.1", _endpoint.EndPoint.Port);

    public async Task InitializeAsync()
    {
        _loginKey = TokenSigningKey.FromEd25519Seed(_loginSeed.ExportSeed());
        var keys = Path.Combine(fixture.Directory, $"no-keys-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(keys, "");
        _endpoint = await ConsoleEndpoint.StartAsync(fixture.Member.System, fixture.Member.Cluster,
            new ConsoleOptions { Port = 0, TrustLoopback = false, AuthorizedKeysFile = keys, LoginVerifyKey = _loginSeed.PublicKeyHex, LoginMaxValidity = TimeSpan.FromHours(2) },
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _loginKey.Dispose();
        _loginSeed.Dispose();
        _client.Dispose();
    }

    /// <summary>Bob's login token for <see cref="_client"/>, as the userlist authenticator issues it, valid an hour.</summary>
    private static ClientIdClaims Claims(Ed25519KeyPair client, ClientPermissions? permissions = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new ClientIdClaims
        {
            CallerId = "up=bob",
            Purpose = TokenPurpose.ClientId,
            PublicKey = client.PublicKeyHex,
            Issuer = "Choria Userlist Authenticator",
            OrganizationUnit = "choria",
            Permissions = permissions ?? new ClientPermissions { Provisioner = true },
            IssuedAt = now - 60,
            NotBefore = now - 60,
            ExpiresAt = now + 3600,
        };
    }

    private string Token(ClientIdClaims claims, TokenSigningKey? key = null) => ClientTokens.Sign(claims, key ?? _loginKey);

    private Task<List<ConsoleResponse>> SendAsync(string[] words, Ed25519KeyPair signer, string token) => SendAsyncTo(Address, words, signer, token);

    private async Task AssertRefused(string token, string reason, Ed25519KeyPair? signer = null)
    {
        var refusal = Assert.Single(await SendAsync(Pause, signer ?? _client, token));
        Assert.Equal((ConsoleErrorCodes.Unauthorized, reason), (refusal.Code, refusal.Message));
    }

    private async Task AssertRefusedStartingWith(string token, string reason)
    {
        var refusal = Assert.Single(await SendAsync(Pause, _client, token));
        Assert.Equal(ConsoleErrorCodes.Unauthorized, refusal.Code);
        Assert.StartsWith(reason, refusal.Message);
    }

    [Fact]
    public async Task A_login_token_with_the_provisioner_permission_stands_in_for_an_authorized_key()
    {
        var token = Token(Claims(_client));
        await using (var client = await ConsoleClient.ConnectAsync(Address, _client, TimeSpan.FromSeconds(10), CancellationToken.None, loginToken: token))
        {
            var paused = await client.CollectAsync(Pause, CancellationToken.None);
            Assert.Equal("yes", paused.Field("paused"));
            var resumed = await client.CollectAsync(Resume, CancellationToken.None);
            Assert.Equal("no", resumed.Field("paused"));
        }
        await Eventually.TrueAsync(
            () => ConsoleLogRing.For(fixture.Member.System).Recent(1000).Any(e => e.Message.StartsWith("console accepted 'provisioner resume' ") && e.Message.Contains("signed by login up=bob")),
            TimeSpan.FromSeconds(10), "the acceptance is logged with the login's caller");
    }

    [Fact]
    public async Task An_org_admin_token_may_change_the_cluster_too()
    {
        (await SendAsync(Resume, _client, Token(Claims(_client, new ClientPermissions { OrgAdmin = true })))).AssertEnded();
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await AssertRefusedStartingWith(Token(Claims(_client) with { IssuedAt = now - 7200, NotBefore = now - 7200, ExpiresAt = now - 1 }), "login token refused: token expired at ");
    }

    [Fact]
    public async Task A_token_signed_by_another_login_key_is_refused()
    {
        using var foreign = TokenSigningKey.FromEd25519Seed(Ed25519KeyPair.Generate().ExportSeed());
        await AssertRefusedStartingWith(Token(Claims(_client), foreign), "login token refused: ");
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var parts = Token(Claims(_client, new ClientPermissions { FleetManagement = true })).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url(parts[1])).Replace("\"fleet_management\":true", "\"provisioner\":true");
        Assert.Contains("\"provisioner\":true", payload);
        var tampered = $"{parts[0]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";

        await AssertRefusedStartingWith(tampered, "login token refused: ");
    }

    [Fact]
    public async Task A_request_signed_by_another_key_than_the_token_names_is_refused()
    {
        using var other = Ed25519KeyPair.Generate();
        await AssertRefused(Token(Claims(_client)), "request is signed by another key than the login token's public_key (log in again: provisioner login)", other);
    }

    [Fact]
    public async Task A_request_naming_the_tokens_key_but_signed_by_another_is_refused()
    {
        using var other = Ed25519KeyPair.Generate();
        await using var connection = await RawConnection.OpenAsync(Address);
        var forged = ConsoleSignature.Sign(other, connection.Member, Pause, DateTimeOffset.UtcNow) with { Key = _client.PublicKeyHex, Token = Token(Claims(_client)) };
        await connection.SendRequestAsync(new ConsoleRequest("1", Pause, forged));

        var refusal = Assert.Single(await connection.ReadUntilFinalAsync("1"));
        Assert.Equal((ConsoleErrorCodes.Unauthorized, "signature does not verify (invalid nonce signature)"), (refusal.Code, refusal.Message));
    }

    [Fact]
    public async Task A_token_naming_no_caller_is_refused()
    {
        await AssertRefused(Token(Claims(_client) with { CallerId = "" }), "login token refused: it names no caller");
    }

    [Fact]
    public async Task An_organisation_issuer_chain_is_refused()
    {
        var chained = Claims(_client) with { Issuer = $"C-2Yc3Jd0sQ0m1Jm5o0Qe9Yx8k1Zb.{_loginSeed.PublicKeyHex}", TrustChainSignature = "aa.bb" };
        await AssertRefused(Token(chained), "login token refused: organisation-issuer chains are not accepted by the console");
    }

    [Fact]
    public async Task A_token_without_the_provisioner_or_org_admin_permission_may_not_change_the_cluster()
    {
        await AssertRefused(Token(Claims(_client, new ClientPermissions { FleetManagement = true })),
            "up=bob may not change the cluster: the login token needs the provisioner or org_admin permission");
    }

    [Fact]
    public async Task A_token_valid_longer_than_the_maximum_is_refused_unless_it_is_a_service_token()
    {
        var longLived = Claims(_client) with { ExpiresAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3 * 3600 };
        await AssertRefused(Token(longLived), "login token refused: its expiry is not set or further off than 120 minutes");
        await AssertRefused(Token(longLived with { ExpiresAt = null }), "login token refused: its expiry is not set or further off than 120 minutes");

        var service = longLived with { Permissions = new ClientPermissions { Provisioner = true, Service = true } };
        (await SendAsync(Resume, _client, Token(service))).AssertEnded();
    }

    [Fact]
    public async Task A_provisioning_token_is_not_a_login_token()
    {
        await AssertRefusedStartingWith(Token(Claims(_client) with { Purpose = "choria_provisioning" }), "login token refused: not a client id token");
    }

    [Fact]
    public async Task An_endpoint_without_a_login_key_refuses_login_tokens()
    {
        var responses = await SendAsyncTo(fixture.SignedOnlyAddress, Pause, _client, Token(Claims(_client)));

        var refusal = Assert.Single(responses);
        Assert.Equal("this member accepts no login tokens (provisioner.console.login-verify-key is not set): sign with an authorized key", refusal.Message);
    }

    private static async Task<List<ConsoleResponse>> SendAsyncTo(ConsoleAddress address, string[] words, Ed25519KeyPair signer, string token)
    {
        await using var connection = await RawConnection.OpenAsync(address);
        var signature = ConsoleSignature.Sign(signer, connection.Member, words, DateTimeOffset.UtcNow) with { Token = token };
        await connection.SendRequestAsync(new ConsoleRequest("1", words, signature));
        return await connection.ReadUntilFinalAsync("1");
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
