using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Provisioner.Aaa.Login;
using Provisioner.Aaa.Tokens;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa.Tests.Login;

public sealed class UserlistAuthenticatorTests : IDisposable
{
    private readonly AaaWorld _world = new();

    [Fact]
    public async Task Good_login_with_an_rsa_key_issues_an_rs256_client_token_for_bob()
    {
        using var service = _world.Service();
        using var key = Ed25519KeyPair.Generate();

        var reply = await service.LoginAsync(_world.LoginRequest(key));

        Assert.Null(reply.Error);
        var jws = JwsToken.Parse(reply.Token!);
        Assert.Equal(JwsAlgorithm.RS256, jws.Algorithm);
        using var verify = TokenVerificationKey.Load(_world.VerifyKeyPath);
        var claims = ClientTokens.Verify(reply.Token!, verify, _world.Clock.GetUtcNow());
        Assert.Equal("up=bob", claims.CallerId);
        Assert.Equal(["rpcutil.*"], claims.AllowedAgents);
        Assert.Equal("choria", claims.OrganizationUnit);
        Assert.Equal(TokenPurpose.ClientId, claims.Purpose);
        Assert.Equal(key.PublicKeyHex, claims.PublicKey);
        Assert.Equal(UserlistAuthenticator.IssuerName, claims.Issuer);
        Assert.Equal(3600, claims.ExpiresAt - claims.IssuedAt);
        Assert.Equal(claims.IssuedAt, claims.NotBefore);
        Assert.Equal(claims.IssuedAt, Ksuid.Parse(claims.Id!).Time.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Good_login_with_an_ed25519_key_issues_an_eddsa_token_that_verifies_with_the_hex_public_key()
    {
        using var world = new AaaWorld(ed25519LoginKey: true);
        using var service = world.Service();
        using var key = Ed25519KeyPair.Generate();

        var reply = await service.LoginAsync(world.LoginRequest(key));

        Assert.Equal(JwsAlgorithm.EdDSA, JwsToken.Parse(reply.Token!).Algorithm);
        using var verify = TokenVerificationKey.Parse(File.ReadAllText(world.VerifyKeyPath));
        Assert.Equal("up=bob", ClientTokens.Verify(reply.Token!, verify, world.Clock.GetUtcNow()).CallerId);
    }

    [Fact]
    public async Task The_token_is_a_standard_jws_that_an_independent_library_accepts()
    {
        using var service = _world.Service();
        using var key = Ed25519KeyPair.Generate();
        var token = (await service.LoginAsync(_world.LoginRequest(key))).Token!;

        var parsed = new JsonWebToken(token);

        Assert.Equal("RS256", parsed.Alg);
        Assert.Equal("up=bob", parsed.GetClaim("callerid").Value);
        Assert.Equal("choria_client_id", parsed.GetClaim("purpose").Value);
    }

    [Fact]
    public async Task Bad_password_and_unknown_user_get_the_identical_reply()
    {
        using var service = _world.Service();
        using var key = Ed25519KeyPair.Generate();

        var badPassword = await service.LoginAsync(_world.LoginRequest(key, password: "wrong"));
        var unknownUser = await service.LoginAsync(_world.LoginRequest(key, username: "mallory"));

        Assert.Equal(JsonSerializer.Serialize(badPassword), JsonSerializer.Serialize(unknownUser));
        Assert.Equal(LoginReply.LoginFailed, badPassword.Error);
        Assert.Null(badPassword.Token);
    }

    [Fact]
    public async Task Username_is_case_sensitive()
    {
        using var service = _world.Service();
        using var key = Ed25519KeyPair.Generate();

        Assert.Equal(LoginReply.LoginFailed, (await service.LoginAsync(_world.LoginRequest(key, username: "Bob"))).Error);
    }

    public static TheoryData<string> MalformedLogins => ["no public key", "non-numeric timestamp", "61 s old", "5 s ahead", "1 s ahead", "signature over another password", "signature by another key", "31-byte key", "signature not hex"];

    [Theory]
    [MemberData(nameof(MalformedLogins))]
    public void Each_malformed_login_fails(string malformation)
    {
        using var authenticator = UserlistAuthenticator.Create(_world.Settings.Login!, _world.Clock);
        using var key = Ed25519KeyPair.Generate();
        using var other = Ed25519KeyPair.Generate();
        var now = _world.Clock.GetUtcNow().ToUnixTimeSeconds();
        var request = malformation switch
        {
            "no public key" => _world.LoginRequest(key) with { PublicKey = "" },
            "non-numeric timestamp" => _world.LoginRequest(key) with { Timestamp = "yesterday" },
            "61 s old" => _world.LoginRequest(key, at: now - 61),
            "5 s ahead" => _world.LoginRequest(key, at: now + 5),
            "1 s ahead" => _world.LoginRequest(key, at: now + 1),
            "signature over another password" => _world.LoginRequest(key, signedPassword: "other"),
            "signature by another key" => _world.LoginRequest(key, signer: other),
            "31-byte key" => _world.LoginRequest(key) with { PublicKey = key.PublicKeyHex[..62] },
            "signature not hex" => _world.LoginRequest(key) with { Signature = "zz" },
            _ => throw new ArgumentOutOfRangeException(nameof(malformation)),
        };

        var outcome = authenticator.Login(request);

        Assert.False(outcome.Allowed);
        Assert.Equal(LoginReply.LoginFailed, outcome.PublicError);
    }

    [Fact]
    public void A_login_exactly_60_seconds_old_is_still_accepted()
    {
        using var authenticator = UserlistAuthenticator.Create(_world.Settings.Login!, _world.Clock);
        using var key = Ed25519KeyPair.Generate();

        Assert.True(authenticator.Login(_world.LoginRequest(key, at: _world.Clock.GetUtcNow().ToUnixTimeSeconds() - 60)).Allowed);
    }

    [Fact]
    public async Task An_edited_users_file_takes_effect_on_the_next_login()
    {
        var usersFile = _world.WriteUsers(AaaWorld.BobRecord());
        using var world = new AaaWorld();
        var settings = Aaa.Configuration.AaaSettings.Parse(world.Config(usersFile: usersFile));
        using var service = world.Service(settings);
        using var key = Ed25519KeyPair.Generate();
        Assert.Null((await service.LoginAsync(world.LoginRequest(key, username: "alice"))).Token);

        File.WriteAllText(usersFile, "[" + AaaWorld.BobRecord("alice") + "]");
        File.SetLastWriteTimeUtc(usersFile, DateTime.UtcNow.AddSeconds(5));

        Assert.NotNull((await service.LoginAsync(world.LoginRequest(key, username: "alice"))).Token);
        Assert.Equal(LoginReply.LoginFailed, (await service.LoginAsync(world.LoginRequest(key, username: "bob"))).Error);
    }

    [Fact]
    public async Task An_opa_policy_file_is_embedded_in_the_token_and_a_missing_one_fails_the_login()
    {
        var policyFile = Path.Combine(_world.Directory, "bob.rego");
        File.WriteAllText(policyFile, "package io.choria.aaasvc\nallow { true }\n");
        var users = AaaWorld.BobRecord(extra: $",\"opa_policy_file\":\"{policyFile}\"") + "," + AaaWorld.BobRecord("carol", extra: ",\"opa_policy_file\":\"/nonexistent/carol.rego\"");
        using var service = _world.Service(Aaa.Configuration.AaaSettings.Parse(_world.Config(users: users)));
        using var key = Ed25519KeyPair.Generate();

        var bob = await service.LoginAsync(_world.LoginRequest(key));
        var carol = await service.LoginAsync(_world.LoginRequest(key, username: "carol"));

        Assert.Equal(File.ReadAllText(policyFile), ClientTokens.ReadUnverified(bob.Token!).OpaPolicy);
        Assert.Equal(LoginReply.LoginFailed, carol.Error);
    }

    [Fact]
    public async Task Organization_properties_and_broker_permissions_become_claims()
    {
        var users = AaaWorld.BobRecord(extra: ",\"organization\":\"acme\",\"properties\":{\"group\":\"admins\"},\"broker_permissions\":{\"fleet_management\":true}");
        using var service = _world.Service(Aaa.Configuration.AaaSettings.Parse(_world.Config(users: users)));
        using var key = Ed25519KeyPair.Generate();

        var token = (await service.LoginAsync(_world.LoginRequest(key))).Token!;

        var claims = ClientTokens.ReadUnverified(token);
        Assert.Equal("acme", claims.OrganizationUnit);
        Assert.Equal("admins", claims.UserProperties!["group"]);
        Assert.True(claims.Permissions!.FleetManagement);
        Assert.False(claims.Permissions.Service);
        var payload = JsonDocument.Parse(new JsonWebToken(token).EncodedPayload is { } p ? Base64UrlDecode(p) : "{}");
        Assert.Equal("""{"fleet_management":true}""", payload.RootElement.GetProperty("permissions").GetRawText());
    }

    [Fact]
    public async Task Every_login_decision_is_audited_with_the_user_and_the_reason()
    {
        using var service = _world.Service();
        using var key = Ed25519KeyPair.Generate();

        await service.LoginAsync(_world.LoginRequest(key));
        await service.LoginAsync(_world.LoginRequest(key, password: "wrong"));

        var records = await _world.AuditAsync("bob");
        Assert.Equal(2, records.Count);
        Assert.Single(records, r => r.Kind == Aaa.Audit.AuditKind.Login && r.Decision == Aaa.Audit.AuditDecision.Allow);
        Assert.Single(records, r => r.Decision == Aaa.Audit.AuditDecision.Deny && r.Reason == "wrong password");
        Assert.All(records, r => Assert.DoesNotContain(AaaWorld.Password, r.Request + r.Reason));
    }

    [Fact]
    public void A_zero_validity_means_one_hour()
    {
        var settings = Aaa.Configuration.AaaSettings.Parse(_world.Config(validity: "0s"));
        using var authenticator = UserlistAuthenticator.Create(settings.Login!, _world.Clock);
        var claims = authenticator.ClaimsFor(new UserRecord { Username = "bob" }, null, new string('a', 64), _world.Clock.GetUtcNow());

        Assert.Equal(3600, claims.ExpiresAt - claims.IssuedAt);
    }

    private static string Base64UrlDecode(string text) => System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(text));

    public void Dispose() => _world.Dispose();
}
