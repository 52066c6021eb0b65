using System.Text.Json.Nodes;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Tokens;

public class ProvisioningTokensTests
{
    private const long Now = 1_750_000_000;
    private const string EdHeader = """{"alg":"EdDSA","typ":"JWT"}""";
    private const string RsHeader = """{"alg":"RS256","typ":"JWT"}""";

    private static readonly ManualClock Clock = ManualClock.AtUnix(Now);

    private static ProvisioningTokenRequest FullRequest() => new()
    {
        Token = "s3cret",
        Urls = ["nats://b1:4222", "nats://b2:4222"],
        Secure = true,
        ProvisionByDefault = true,
        RegistrationDataFile = "/etc/choria/reg.json",
        FactsFile = "/etc/choria/facts.json",
        BrokerUsername = "prov",
        BrokerPassword = "pa55",
        Extensions = new JsonObject { ["site"] = "lon", ["n"] = 3 },
        OrganizationUnit = "acme",
        ProtocolV2 = true,
        AllowUpdate = true,
        Validity = TimeSpan.FromDays(30),
    };

    private static JsonObject PayloadOf(string token) =>
        JsonNode.Parse(JwsToken.Parse(token).Payload.Span)!.AsObject();

    private static TokenException Refused(Action action) => Assert.Throws<TokenException>(action);

    private static string ChoriaClaims(long iat, long exp, string extra = "") =>
        $$"""{"cht":"s3cret","chs":false,"chu":"nats://broker.example.net:4222","chpd":true,{{extra}}"extensions":null,"ou":"choria","purpose":"choria_provisioning","iss":"Choria CLI","sub":"choria_provisioning","exp":{{exp}},"nbf":{{iat}},"iat":{{iat}},"jti":"{{Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(iat))}}"}""";

    [Fact]
    public void Round_trips_every_option_with_an_ed25519_key()
    {
        var seed = TestKeys.NewSeed();
        using var signer = TokenSigningKey.FromEd25519Seed(seed);
        var created = ProvisioningTokens.Create(FullRequest(), Clock);
        var token = ProvisioningTokens.Sign(created, signer);

        using var verifier = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var claims = ProvisioningTokens.Verify(token, verifier, Clock);

        Assert.Equal("s3cret", claims.Token);
        Assert.True(claims.Secure);
        Assert.Equal("nats://b1:4222,nats://b2:4222", claims.Urls);
        Assert.Equal(["nats://b1:4222", "nats://b2:4222"], claims.UrlList());
        Assert.Null(claims.SrvDomain);
        Assert.True(claims.ProvisionByDefault);
        Assert.Equal("/etc/choria/reg.json", claims.RegistrationDataFile);
        Assert.Equal("/etc/choria/facts.json", claims.FactsFile);
        Assert.Equal("prov", claims.BrokerUsername);
        Assert.Equal("pa55", claims.BrokerPassword);
        Assert.Equal("lon", (string?)claims.Extensions!["site"]);
        Assert.Equal(3, (int?)claims.Extensions!["n"]);
        Assert.Equal("acme", claims.OrganizationUnit);
        Assert.True(claims.ProtocolV2);
        Assert.True(claims.AllowUpdate);
        Assert.Equal(TokenPurpose.Provisioning, claims.Purpose);
        Assert.Equal(TokenPurpose.Provisioning, claims.Subject);
        Assert.Equal("Choria Provisioner", claims.Issuer);
        Assert.Equal(Now, claims.IssuedAt);
        Assert.Equal(Now, claims.NotBefore);
        Assert.Equal(Now + 30 * 86400, claims.ExpiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Now), Ksuid.Parse(claims.Id!).Time);
    }

    [Fact]
    public void Round_trips_an_srv_domain_with_an_rsa_key()
    {
        using var signer = TokenSigningKey.FromRsa(TestKeys.Rsa);
        var token = ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = "t", SrvDomain = "example.net" }, signer, Clock);
        Assert.StartsWith(TestKeys.B64(RsHeader) + ".", token);

        var claims = ProvisioningTokens.Verify(token, signer.VerificationKey, Clock);
        Assert.Equal("example.net", claims.SrvDomain);
        Assert.Null(claims.Urls);
        Assert.False(claims.Secure);
        Assert.Equal("choria", claims.OrganizationUnit);
        Assert.Equal(Now + 365 * 86400, claims.ExpiresAt);
    }

    [Fact]
    public void Writes_exactly_choria_claim_names()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var full = PayloadOf(ProvisioningTokens.Issue(FullRequest(), signer, Clock));
        Assert.Equal(19, full.Count);
        Assert.Equal(new[] { "chf", "chpd", "chpwd", "chrd", "chs", "cht", "chu", "chusr", "exp", "extensions", "iat", "iss", "jti", "nbf", "ou", "purpose", "sub", "update", "v2" },
            full.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Omits_empty_optional_claims_as_choria_does_but_keeps_chs_chpd_and_null_extensions()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var minimal = PayloadOf(ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = "t", Urls = ["nats://b:4222"] }, signer, Clock));
        Assert.Equal(new[] { "chpd", "chs", "cht", "chu", "exp", "extensions", "iat", "iss", "jti", "nbf", "ou", "purpose", "sub" },
            minimal.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.False((bool)minimal["chs"]!);
        Assert.Null(minimal["extensions"]);
    }

    [Fact]
    public void Refuses_to_create_without_agent_token()
    {
        var e = Refused(() => ProvisioningTokens.Create(new ProvisioningTokenRequest { Token = "", Urls = ["nats://b:4222"] }, Clock));
        Assert.Equal(TokenError.MissingClaim, e.Error);
        Assert.Contains("cht", e.Message);
    }

    [Fact]
    public void Refuses_to_create_with_neither_or_both_urls_and_srv()
    {
        Assert.Equal(TokenError.MissingClaim, Refused(() => ProvisioningTokens.Create(new ProvisioningTokenRequest { Token = "t" }, Clock)).Error);
        Assert.Equal(TokenError.InvalidClaim, Refused(() => ProvisioningTokens.Create(
            new ProvisioningTokenRequest { Token = "t", Urls = ["nats://b:4222"], SrvDomain = "example.net" }, Clock)).Error);
    }

    [Fact]
    public void Verifies_a_token_built_from_choria_claim_json_with_eddsa_and_rs256()
    {
        var seed = TestKeys.NewSeed();
        using var edKey = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        using var rsaKey = TokenVerificationKey.FromRsa(TestKeys.Rsa);
        var json = ChoriaClaims(Now - 60, Now + 86400, "\"chrd\":\"/r.json\",\"chusr\":\"u\",\"chpwd\":\"p\",");

        var fromEd = ProvisioningTokens.Verify(TestKeys.SignRaw(EdHeader, json, ed25519Seed: seed), edKey, Clock);
        var fromRsa = ProvisioningTokens.Verify(TestKeys.SignRaw(RsHeader, json), rsaKey, Clock);

        Assert.Equal("s3cret", fromEd.Token);
        Assert.Equal("nats://broker.example.net:4222", fromEd.Urls);
        Assert.True(fromEd.ProvisionByDefault);
        Assert.Equal("/r.json", fromEd.RegistrationDataFile);
        Assert.Equal("u", fromRsa.BrokerUsername);
        Assert.Equal("p", fromRsa.BrokerPassword);
        Assert.Null(fromRsa.Extensions);
        Assert.Equal("Choria CLI", fromRsa.Issuer);
    }

    [Fact]
    public void Reports_an_expired_choria_token_as_expired_after_its_signature_checks_out()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var token = TestKeys.SignRaw(EdHeader, ChoriaClaims(Now - 2 * 86400, Now - 86400), ed25519Seed: seed);

        var jws = JwsToken.Parse(token);
        jws.VerifySignature(key);
        var claims = ProvisioningTokens.ReadClaims(jws);
        var e = Refused(() => TokenLifetime.Check(claims, Clock.GetUtcNow()));
        Assert.Equal(TokenError.Expired, e.Error);
        Assert.Equal(TokenError.Expired, Refused(() => ProvisioningTokens.Verify(token, key, Clock)).Error);
    }

    [Fact]
    public void Verifies_a_choria_cli_token_with_no_exp_signed_by_rsa_2048_and_says_it_never_expires()
    {
        using var key = TokenVerificationKey.FromRsa(SharedRsaKey.Rsa);
        var json = ChoriaCliTokens.Claims("s3cret", DateTimeOffset.FromUnixTimeSeconds(Now - 60));
        Assert.DoesNotContain("\"exp\"", json);

        var claims = ProvisioningTokens.Verify(ChoriaCliTokens.Sign(json), key, Clock);

        Assert.Equal("s3cret", claims.Token);
        Assert.Equal("choria.example.net", claims.SrvDomain);
        Assert.Null(claims.ExpiresAt);
        Assert.True(TokenLifetime.NeverExpires(claims));
        Assert.Equal("the token never expires: it has no exp claim", TokenLifetime.NeverExpiresWarning);
        // Valid for ever: a century on it still verifies.
        ProvisioningTokens.Verify(ChoriaCliTokens.Sign(json), key, ManualClock.AtUnix(Now + 100L * 365 * 86400));
    }

    [Fact]
    public void Refuses_a_token_with_no_exp_when_expiry_is_required()
    {
        using var key = TokenVerificationKey.FromRsa(SharedRsaKey.Rsa);
        var token = ChoriaCliTokens.Sign(ChoriaCliTokens.Claims("s3cret", DateTimeOffset.FromUnixTimeSeconds(Now - 60)));

        var e = Refused(() => ProvisioningTokens.Verify(token, key, Clock, requireExpiry: true));

        Assert.Equal(TokenError.MissingClaim, e.Error);
        Assert.Equal("exp: the provisioning token has no expiry", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Still_refuses_an_expired_exp_whether_or_not_expiry_is_required(bool requireExpiry)
    {
        using var key = TokenVerificationKey.FromRsa(SharedRsaKey.Rsa);
        var token = ChoriaCliTokens.Sign(ChoriaCliTokens.Claims("s3cret", DateTimeOffset.FromUnixTimeSeconds(Now - 86400), expiresAt: Now - 1));

        var e = Refused(() => ProvisioningTokens.Verify(token, key, Clock, requireExpiry));

        Assert.Equal(TokenError.Expired, e.Error);
        Assert.Equal($"token expired at {DateTimeOffset.FromUnixTimeSeconds(Now - 1):u}", e.Message);
        Assert.Equal("s3cret", ProvisioningTokens.Verify(token, key, ManualClock.AtUnix(Now - 2), requireExpiry).Token);
    }

    [Fact]
    public void A_token_with_no_exp_is_still_refused_before_nbf_with_another_key_or_of_another_purpose()
    {
        using var key = TokenVerificationKey.FromRsa(SharedRsaKey.Rsa);
        using var otherKey = TokenVerificationKey.FromRsa(TestKeys.OtherRsa);
        var json = ChoriaCliTokens.Claims("s3cret", DateTimeOffset.FromUnixTimeSeconds(Now + 60));

        Assert.Equal($"token is not valid before {DateTimeOffset.FromUnixTimeSeconds(Now + 60):u}",
            Refused(() => ProvisioningTokens.Verify(ChoriaCliTokens.Sign(json), key, Clock)).Message);
        Assert.Equal(TokenError.InvalidSignature, Refused(() => ProvisioningTokens.Verify(ChoriaCliTokens.Sign(json), otherKey, ManualClock.AtUnix(Now + 61))).Error);
        var server = json.Replace("\"purpose\":\"choria_provisioning\"", "\"purpose\":\"choria_server\"").Replace("\"sub\":\"choria_provisioning\"", "\"sub\":\"x\"");
        Assert.Equal(TokenError.WrongPurpose, Refused(() => ProvisioningTokens.Verify(ChoriaCliTokens.Sign(server), key, ManualClock.AtUnix(Now + 61))).Error);
    }

    [Fact]
    public void Token_expires_at_exp_exactly_and_not_a_second_before()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var token = ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = "t", SrvDomain = "x", Validity = TimeSpan.FromHours(1) }, signer, Clock);
        ProvisioningTokens.Verify(token, signer.VerificationKey, ManualClock.AtUnix(Now + 3599));
        Assert.Equal(TokenError.Expired, Refused(() => ProvisioningTokens.Verify(token, signer.VerificationKey, ManualClock.AtUnix(Now + 3600))).Error);
    }

    [Fact]
    public void Rejects_a_token_used_before_nbf()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var token = ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = "t", SrvDomain = "x" }, signer, Clock);
        var e = Refused(() => ProvisioningTokens.Verify(token, signer.VerificationKey, ManualClock.AtUnix(Now - 10)));
        Assert.Equal(TokenError.NotYetValid, e.Error);
    }

    [Fact]
    public void Issuer_expiry_earlier_than_exp_ends_the_token()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var token = TestKeys.SignRaw(EdHeader, ChoriaClaims(Now - 60, Now + 86400, $"\"issexp\":{Now - 1},"), ed25519Seed: seed);
        Assert.Equal(TokenError.Expired, Refused(() => ProvisioningTokens.Verify(token, key, Clock)).Error);
    }

    [Fact]
    public void Rejects_a_token_of_another_purpose()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var json = ChoriaClaims(Now, Now + 60).Replace("\"purpose\":\"choria_provisioning\"", "\"purpose\":\"choria_server\"")
            .Replace("\"sub\":\"choria_provisioning\"", "\"sub\":\"x\"");
        var e = Refused(() => ProvisioningTokens.Verify(TestKeys.SignRaw(EdHeader, json, ed25519Seed: seed), key, Clock));
        Assert.Equal(TokenError.WrongPurpose, e.Error);
        Assert.Contains("choria_server", e.Message);
    }

    [Fact]
    public void Accepts_an_old_token_that_marks_its_kind_only_in_sub_and_defaults_ou()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var json = $$"""{"cht":"t","chs":true,"chsrv":"example.net","chpd":false,"sub":"choria_provisioning","iat":{{Now}},"exp":{{Now + 60}}}""";
        var claims = ProvisioningTokens.Verify(TestKeys.SignRaw(EdHeader, json, ed25519Seed: seed), key, Clock);
        Assert.Equal("choria", claims.OrganizationUnit);
        Assert.True(claims.Secure);
    }

    [Theory]
    [InlineData("cht", """{"chs":false,"chu":"nats://b:1","purpose":"choria_provisioning","exp":4102444800}""", TokenError.MissingClaim)]
    [InlineData("cht", """{"cht":"","chu":"nats://b:1","purpose":"choria_provisioning","exp":4102444800}""", TokenError.MissingClaim)]
    [InlineData("chu/chsrv", """{"cht":"t","purpose":"choria_provisioning","exp":4102444800}""", TokenError.MissingClaim)]
    [InlineData("chu/chsrv", """{"cht":"t","chu":"nats://b:1","chsrv":"x.net","purpose":"choria_provisioning","exp":4102444800}""", TokenError.InvalidClaim)]
    [InlineData("chs", """{"cht":"t","chs":"yes","chu":"nats://b:1","purpose":"choria_provisioning","exp":4102444800}""", TokenError.Malformed)]
    [InlineData("exp", """{"cht":"t","chu":"nats://b:1","purpose":"choria_provisioning","exp":"soon"}""", TokenError.Malformed)]
    [InlineData("payload", """["not","an","object"]""", TokenError.Malformed)]
    [InlineData("payload", """{"cht":""", TokenError.Malformed)]
    public void Rejects_claims_that_break_the_provisioning_rules_naming_the_field(string field, string json, TokenError expected)
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var e = Refused(() => ProvisioningTokens.Verify(TestKeys.SignRaw(EdHeader, json, ed25519Seed: seed), key, Clock));
        Assert.Equal(expected, e.Error);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Accepts_fractional_numeric_dates_as_some_jwt_libraries_write_them()
    {
        var seed = TestKeys.NewSeed();
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        var json = $$"""{"cht":"t","chu":"nats://b:1","purpose":"choria_provisioning","iat":{{Now}}.25,"exp":{{Now + 60}}.5}""";
        var claims = ProvisioningTokens.Verify(TestKeys.SignRaw(EdHeader, json, ed25519Seed: seed), key, Clock);
        Assert.Equal(Now + 60, claims.ExpiresAt);
    }

    [Fact]
    public void Parses_unverified_for_a_node_reading_its_settings()
    {
        var token = TestKeys.SignRaw(EdHeader, ChoriaClaims(Now, Now + 60), ed25519Seed: TestKeys.NewSeed());
        Assert.Equal("s3cret", ProvisioningTokens.ParseUnverified(token).Token);
    }

    [Fact]
    public void Claims_text_masks_the_token_and_password()
    {
        var claims = ProvisioningTokens.Create(FullRequest(), Clock);
        var text = claims.ToString();
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("pa55", text);
        Assert.Contains("*****", text);
    }

    [Fact]
    public void Accepts_a_token_file_with_a_trailing_newline()
    {
        using var signer = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var token = ProvisioningTokens.Issue(new ProvisioningTokenRequest { Token = "t", SrvDomain = "x" }, signer, Clock);
        Assert.Equal("t", ProvisioningTokens.Verify(token + "\n", signer.VerificationKey, Clock).Token);
    }
}
