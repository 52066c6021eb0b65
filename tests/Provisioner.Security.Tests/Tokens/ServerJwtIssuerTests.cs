using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Tokens;

public class ServerJwtIssuerTests
{
    private const long Now = 1_750_000_000;
    private static readonly ManualClock Clock = ManualClock.AtUnix(Now);
    private static readonly string NodeKey = Convert.ToHexStringLower(TestKeys.Ed25519PublicKey(TestKeys.NewSeed()));

    private static TokenException Refused(Action action) => Assert.Throws<TokenException>(action);

    [Fact]
    public void Issues_a_server_jwt_the_node_can_verify()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var issuer = new ServerJwtIssuer(signer, new ServerJwtPolicy(), Clock);
        var (issued, token) = issuer.Issue(new ServerJwtRequest
        {
            Identity = "n1.example.net",
            PublicKeyHex = NodeKey,
            PublishSubjects = ["custom.registration"],
            Permissions = new ServerPermissions { Submission = true, ServiceHost = true },
        });

        var claims = ServerTokens.Verify(token, signer.VerificationKey, Clock, expectedIdentity: "n1.example.net");

        Assert.Equal(issued.Id, claims.Id);
        Assert.Equal(TokenPurpose.Server, claims.Purpose);
        Assert.Null(claims.Subject);
        Assert.Equal("Choria Provisioner", claims.Issuer);
        Assert.Equal(Now, claims.IssuedAt);
        Assert.Equal(Now, claims.NotBefore);
        Assert.Equal(Now + 365 * 86400, claims.ExpiresAt);
        Assert.Equal(NodeKey, claims.PublicKey);
        Assert.Equal("choria", claims.OrganizationUnit);
        Assert.Equal(["mcollective"], claims.Collectives);
        Assert.Equal(["custom.registration"], claims.PublishSubjects);
        Assert.True(claims.Permissions!.Submission);
        Assert.False(claims.Permissions.Streams);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Now), Ksuid.Parse(claims.Id!).Time);
    }

    [Fact]
    public void Writes_choria_server_claim_names_and_omits_false_permissions()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var (_, token) = new ServerJwtIssuer(signer, new ServerJwtPolicy(), Clock).Issue(new ServerJwtRequest
        {
            Identity = "n1",
            PublicKeyHex = NodeKey,
            Permissions = new ServerPermissions { Governor = true },
        });
        var payload = System.Text.Json.Nodes.JsonNode.Parse(JwsToken.Parse(token).Payload.Span)!.AsObject();
        Assert.Equal(new[] { "collectives", "exp", "iat", "identity", "iss", "jti", "nbf", "ou", "permissions", "public_key", "purpose" },
            payload.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("""{"governor":true}""", payload["permissions"]!.ToJsonString());
    }

    [Theory]
    [InlineData(new[] { "helper1", "helper2" }, "c1,c2", "choria", new[] { "helper1", "helper2" })]
    [InlineData(new string[0], " c1 , c2 ", "choria", new[] { "c1", "c2" })]
    [InlineData(null, null, "choria", new[] { "choria" })]
    [InlineData(null, "", "puppet", new[] { "mcollective" })]
    [InlineData(null, null, null, new[] { "mcollective" })]
    public void Collectives_come_from_helper_then_config_then_security_provider(string[]? helper, string? configured, string? provider, string[] expected)
    {
        var policy = new ServerJwtPolicy { ConfiguredCollectives = configured, SecurityProvider = provider };
        Assert.Equal(expected, ServerJwtIssuer.CollectivesFor(helper, null, policy));
    }

    [Theory]
    [InlineData(new[] { "claimed" }, "c1,c2", "choria", new[] { "claimed" })]
    [InlineData(null, "c1, c2", "choria", new[] { "c1", "c2" })]
    [InlineData(null, null, "choria", new[] { "choria" })]
    [InlineData(null, null, "file", new[] { "mcollective" })]
    [InlineData(null, null, null, new[] { "ours" })]
    public void Collectives_follow_the_helper_configuration_map_before_our_settings(string[]? claimed, string? collectives, string? provider, string[] expected)
    {
        var configuration = new Dictionary<string, string>();
        if (collectives is not null) configuration["collectives"] = collectives;
        if (provider is not null) configuration["plugin.security.provider"] = provider;
        var ours = new ServerJwtPolicy { ConfiguredCollectives = "ours", SecurityProvider = "choria" };

        Assert.Equal(expected, ServerJwtIssuer.CollectivesFor(claimed, configuration, ours));
    }

    [Fact]
    public void Issued_claims_take_the_collectives_of_the_configuration_map()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var issuer = new ServerJwtIssuer(signer, new ServerJwtPolicy { ConfiguredCollectives = "ours" }, Clock);

        var claims = issuer.CreateClaims(new ServerJwtRequest
        {
            Identity = "n1.example.net",
            PublicKeyHex = NodeKey,
            Configuration = new Dictionary<string, string> { ["plugin.security.provider"] = "choria" },
        });

        Assert.Equal(["choria"], claims.Collectives);
    }

    [Theory]
    [InlineData(null, Now + 86400)]
    [InlineData(157680000L, Now + 86400)]
    [InlineData(Now + 3600, Now + 86400)]
    [InlineData(Now + 3601, Now + 3601)]
    [InlineData(Now + 7 * 86400, Now + 7 * 86400)]
    public void Helper_exp_is_used_only_when_it_leaves_more_than_an_hour(long? helperExp, long expected)
    {
        Assert.Equal(expected, ServerJwtIssuer.ExpiryFor(helperExp, Now, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Refuses_a_request_without_identity_or_with_a_bad_public_key()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var issuer = new ServerJwtIssuer(signer, new ServerJwtPolicy(), Clock);
        Assert.Equal(TokenError.MissingClaim, Refused(() => issuer.Issue(new ServerJwtRequest { Identity = " ", PublicKeyHex = NodeKey })).Error);
        Assert.Equal(TokenError.InvalidClaim, Refused(() => issuer.Issue(new ServerJwtRequest { Identity = "n1", PublicKeyHex = "abcd" })).Error);
    }

    [Fact]
    public void Node_check_rejects_another_identity_an_expired_token_and_a_provisioning_token()
    {
        using var signer = TokenSigningKey.FromRsa(TestKeys.Rsa);
        var (_, token) = new ServerJwtIssuer(signer, new ServerJwtPolicy { Validity = TimeSpan.FromDays(1) }, Clock)
            .Issue(new ServerJwtRequest { Identity = "n1", PublicKeyHex = NodeKey });

        Assert.Equal(TokenError.InvalidClaim, Refused(() => ServerTokens.Verify(token, signer.VerificationKey, Clock, "n2")).Error);
        Assert.Equal(TokenError.Expired, Refused(() => ServerTokens.Verify(token, signer.VerificationKey, ManualClock.AtUnix(Now + 86400))).Error);

        var provisioning = ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = "t", SrvDomain = "x" }, signer, Clock);
        Assert.Equal(TokenError.WrongPurpose, Refused(() => ServerTokens.Verify(provisioning, signer.VerificationKey, Clock)).Error);
        Assert.Equal(TokenError.WrongPurpose, Refused(() => ProvisioningTokens.Verify(token, signer.VerificationKey, Clock)).Error);
    }

    [Fact]
    public void Verifies_a_server_token_from_choria_claim_json()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var json = $$"""{"identity":"n1.example.net","collectives":["choria"],"permissions":{"submission":true},"ou":"choria","purpose":"choria_server","public_key":"{{NodeKey}}","iss":"Choria Provisioner","exp":{{Now + 60}},"nbf":{{Now}},"iat":{{Now}},"jti":"{{Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(Now))}}"}""";
        var claims = ServerTokens.Verify(TestKeys.SignRaw("""{"alg":"EdDSA","typ":"JWT"}""", json, ed25519Seed: seed), key, Clock);
        Assert.Equal("n1.example.net", claims.Identity);
        Assert.Equal(["choria"], claims.Collectives);
        Assert.True(claims.Permissions!.Submission);
    }

    [Fact]
    public void Rejects_a_server_token_without_collectives()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var json = $$"""{"identity":"n1","collectives":[],"purpose":"choria_server","exp":{{Now + 60}}}""";
        var e = Refused(() => ServerTokens.Verify(TestKeys.SignRaw("""{"alg":"EdDSA","typ":"JWT"}""", json, ed25519Seed: seed), key, Clock));
        Assert.Equal(TokenError.MissingClaim, e.Error);
        Assert.Contains("collectives", e.Message);
    }

    [Fact]
    public void Issuing_again_for_one_attempt_gives_the_same_token_dated_at_the_attempt()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var issuer = new ServerJwtIssuer(signer, new ServerJwtPolicy(), Clock);
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(Now - 120).AddMilliseconds(400);
        var request = new ServerJwtRequest { Identity = "n1.example.net", PublicKeyHex = NodeKey, Issuance = new("n1.example.net", 2, signedAt) };

        var (first, token) = issuer.Issue(request);
        var (_, again) = issuer.Issue(request);

        Assert.Equal(token, again);
        Assert.Equal(Now - 120, first.IssuedAt);
        Assert.Equal(Now - 120, first.NotBefore);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Now - 120), Ksuid.Parse(first.Id!).Time);
    }

    [Fact]
    public void Another_attempt_or_key_gets_another_jti()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var issuer = new ServerJwtIssuer(signer, new ServerJwtPolicy(), Clock);
        var at = DateTimeOffset.FromUnixTimeSeconds(Now);
        var request = new ServerJwtRequest { Identity = "n1.example.net", PublicKeyHex = NodeKey, Issuance = new("n1.example.net", 2, at) };
        var jti = issuer.CreateClaims(request).Id;

        Assert.NotEqual(jti, issuer.CreateClaims(request with { Issuance = new("n1.example.net", 3, at) }).Id);
        var otherKey = Convert.ToHexStringLower(TestKeys.Ed25519PublicKey(TestKeys.NewSeed()));
        Assert.NotEqual(jti, issuer.CreateClaims(request with { PublicKeyHex = otherKey }).Id);
        Assert.NotEqual(issuer.CreateClaims(request with { Issuance = null }).Id, issuer.CreateClaims(request with { Issuance = null }).Id);
    }
}
