using System.Text;
using Provisioner.Host.Cli;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

public sealed class JwtCommandsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("provisioner-jwt-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string P(string name) => Path.Combine(dir, name);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static UnixFileMode Mode(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("file modes are Unix only") : File.GetUnixFileMode(path);

    private async Task<(string Seed, string Public)> Ed25519Keys(string prefix = "ed")
    {
        var (code, _, err) = await Run("jwt", "keygen", "--type", "ed25519", P(prefix + ".seed"), P(prefix + ".pub"));
        Assert.True(code == 0, err);
        return (P(prefix + ".seed"), P(prefix + ".pub"));
    }

    private async Task<string> Provision(params string[] extra)
    {
        var (seed, _) = await Ed25519Keys();
        var token = P("token.jwt");
        var (code, output, err) = await Run(["jwt", "provisioning", token, seed, "--token", "s3cret", .. extra]);
        Assert.True(code == 0, err);
        Assert.Contains($"Saved token to {token}", output);
        return token;
    }

    private static ProvisioningClaims Verified(string tokenFile, string publicFile)
    {
        using var key = TokenVerificationKey.Load(publicFile);
        return ProvisioningTokens.Verify(File.ReadAllText(tokenFile), key, TimeProvider.System);
    }

    /// <summary>A token as Choria would write it, from raw claim JSON signed with the seed.</summary>
    private static string RawToken(string seedFile, string claimsJson)
    {
        using var key = TokenSigningKey.Load(seedFile);
        return JwsToken.Sign(Encoding.UTF8.GetBytes(claimsJson), key);
    }

    [Fact]
    public async Task Keygen_ed25519_writes_a_hex_seed_readable_only_by_its_owner_and_a_hex_public_key()
    {
        var (code, output, _) = await Run("jwt", "keygen", "--type", "ed25519", P("s"), P("p"));

        Assert.Equal(0, code);
        var seed = File.ReadAllText(P("s"));
        var pub = File.ReadAllText(P("p"));
        Assert.Matches("^[0-9a-f]{64}$", seed);
        Assert.Matches("^[0-9a-f]{64}$", pub);
        Assert.Contains(pub, output);
        Assert.DoesNotContain(seed, output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(P("s")));
        using var signer = TokenSigningKey.Load(P("s"));
        Assert.Equal(pub, signer.VerificationKey.Ed25519PublicKeyHex);
    }

    [Fact]
    public async Task Keygen_rsa_writes_pem_files_that_sign_and_verify_rs256()
    {
        var (code, _, err) = await Run("jwt", "keygen", "--type", "rsa", P("k.pem"), P("k.pub"));
        Assert.True(code == 0, err);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(P("k.pem")));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(P("k.pub")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(P("k.pem")));

        var (provisioned, _, provisionErr) = await Run("jwt", "provisioning", P("t"), P("k.pem"), "--token", "x", "--srv", "example.net");
        Assert.True(provisioned == 0, provisionErr);
        Assert.Equal("example.net", Verified(P("t"), P("k.pub")).SrvDomain);
        Assert.Equal(JwsAlgorithm.RS256, JwsToken.Parse(File.ReadAllText(P("t"))).Algorithm);
    }

    [Fact]
    public async Task Keygen_refuses_to_overwrite_without_force()
    {
        var (seed, pub) = await Ed25519Keys();
        var before = File.ReadAllText(seed);

        var (code, _, err) = await Run("jwt", "keygen", "--type", "ed25519", seed, P("other.pub"));
        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Contains("--force", err);
        Assert.Equal(before, File.ReadAllText(seed));
        Assert.False(File.Exists(P("other.pub")));

        var (forced, _, _) = await Run("jwt", "keygen", "--type", "ed25519", seed, pub, "--force");
        Assert.Equal(0, forced);
        Assert.NotEqual(before, File.ReadAllText(seed));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(seed));
    }

    [Theory]
    [InlineData("jwt", "keygen", "--type", "dsa", "a", "b")]
    [InlineData("jwt", "keygen", "a", "b")]
    [InlineData("jwt", "keygen", "--type", "rsa", "a")]
    public async Task Keygen_usage_errors_exit_2(params string[] args)
    {
        Assert.Equal(ExitCodes.UsageOrIo, (await Run(args)).Code);
    }

    [Fact]
    public async Task Provisioning_writes_every_option_into_a_0600_token()
    {
        var token = await Provision(
            "--urls", "nats://b1:4222", "--urls", "nats://b2:4222", "--default",
            "--registration", "/etc/reg.json", "--facts", "/etc/facts.json", "--username", "prov", "--password", "pa55",
            "--extensions", """{"site":"lon"}""", "--org", "acme", "--protocol-v2", "--no-insecure", "--update", "--validity", "30d");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, Mode(token));
        var claims = Verified(token, P("ed.pub"));
        Assert.Equal("s3cret", claims.Token);
        Assert.Equal("nats://b1:4222,nats://b2:4222", claims.Urls);
        Assert.True(claims.ProvisionByDefault);
        Assert.Equal("/etc/reg.json", claims.RegistrationDataFile);
        Assert.Equal("/etc/facts.json", claims.FactsFile);
        Assert.Equal("prov", claims.BrokerUsername);
        Assert.Equal("pa55", claims.BrokerPassword);
        Assert.Equal("lon", (string?)claims.Extensions!["site"]);
        Assert.Equal("acme", claims.OrganizationUnit);
        Assert.True(claims.ProtocolV2);
        Assert.True(claims.Secure);
        Assert.True(claims.AllowUpdate);
        Assert.Equal(30 * 86400, claims.ExpiresAt - claims.IssuedAt);
    }

    [Fact]
    public async Task Provisioning_defaults_are_insecure_org_choria_and_one_year()
    {
        var claims = Verified(await Provision("--srv", "example.net"), P("ed.pub"));
        Assert.False(claims.Secure);
        Assert.False(claims.ProvisionByDefault);
        Assert.False(claims.ProtocolV2);
        Assert.False(claims.AllowUpdate);
        Assert.Equal("choria", claims.OrganizationUnit);
        Assert.Equal(365 * 86400, claims.ExpiresAt - claims.IssuedAt);
    }

    [Fact]
    public async Task Provisioning_insecure_false_makes_a_secure_token()
    {
        Assert.True(Verified(await Provision("--srv", "example.net", "--insecure", "false"), P("ed.pub")).Secure);
    }

    [Theory]
    [InlineData("Vault", "--srv", "x.net", "--vault")]
    [InlineData("--validity", "--srv", "x.net", "--validity", "forever")]
    [InlineData("--validity", "--srv", "x.net", "--validity", "0d")]
    [InlineData("--extensions", "--srv", "x.net", "--extensions", "[1,2]")]
    [InlineData("--extensions", "--srv", "x.net", "--extensions", "{bad")]
    [InlineData("SRV domain")]
    [InlineData("not both", "--srv", "x.net", "--urls", "nats://b:4222")]
    public async Task Provisioning_refuses_bad_options_with_exit_2_and_writes_nothing(string expected, params string[] extra)
    {
        var (seed, _) = await Ed25519Keys();
        var (code, _, err) = await Run(["jwt", "provisioning", P("t"), seed, "--token", "x", .. extra]);
        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Contains(expected, err);
        Assert.False(File.Exists(P("t")));
    }

    [Fact]
    public async Task Provisioning_requires_a_token_and_a_readable_signing_key()
    {
        var (seed, _) = await Ed25519Keys();
        var (noToken, _, err) = await Run("jwt", "provisioning", P("t"), seed, "--srv", "x.net");
        Assert.Equal(ExitCodes.UsageOrIo, noToken);
        Assert.Contains("--token", err);

        File.WriteAllText(P("bad.key"), "not a key");
        var (badKey, _, keyErr) = await Run("jwt", "provisioning", P("t"), P("bad.key"), "--token", "x", "--srv", "x.net");
        Assert.Equal(ExitCodes.UsageOrIo, badKey);
        Assert.Contains("bad.key", keyErr);
        Assert.Equal(ExitCodes.UsageOrIo, (await Run("jwt", "provisioning", P("t"), P("missing.key"), "--token", "x", "--srv", "x.net")).Code);
    }

    [Fact]
    public async Task View_with_the_right_key_shows_masked_claims_and_a_valid_signature()
    {
        var token = await Provision("--urls", "nats://b1:4222", "--password", "pa55", "--username", "prov");
        var (code, output, _) = await Run("jwt", "view", token, "--verify-key", P("ed.pub"));

        Assert.Equal(0, code);
        Assert.Contains("Provisioning Token", output);
        Assert.Contains("Token: *****", output);
        Assert.Contains("Broker Password: *****", output);
        Assert.DoesNotContain("s3cret", output);
        Assert.DoesNotContain("pa55", output);
        Assert.Contains("Secure: false", output);
        Assert.Contains("URLs: nats://b1:4222", output);
        Assert.Contains("Broker Username: prov", output);
        Assert.Contains("Organization Unit: choria", output);
        Assert.Contains("\"purpose\": \"choria_provisioning\"", output);
        Assert.Contains("Signature: valid", output);
        Assert.Contains("Validity: valid until", output);
    }

    [Theory]
    [InlineData("nats_jwt")]
    [InlineData("NATS_JWT")]
    [InlineData("vault_token")]
    [InlineData("brokerPassword")]
    [InlineData("client_secret")]
    [InlineData("api_key")]
    [InlineData("SSH-KEY")]
    public async Task View_masks_an_extension_whose_name_says_it_is_a_secret(string name)
    {
        var token = await Provision("--srv", "x.net", "--extensions", $$"""{"{{name}}":"hunter2-value","site":"lon"}""");

        var (code, output, _) = await Run("jwt", "view", token);

        Assert.Equal(0, code);
        Assert.Contains($"\"{name}\": \"*****\"", output);
        Assert.DoesNotContain("hunter2-value", output);
        Assert.Contains("\"site\": \"lon\"", output);
    }

    [Fact]
    public async Task View_shows_other_extensions_and_masks_secrets_nested_in_them()
    {
        var token = await Provision("--srv", "x.net", "--extensions",
            """{"site":"lon","rack":7,"roles":["web","db"],"vault":{"address":"https://vault:8200","role_secret":"hunter2-nested"},"brokers":[{"url":"nats://b1:4222","jwt":"hunter2-in-array"}]}""");

        var (code, output, _) = await Run("jwt", "view", token);

        Assert.Equal(0, code);
        Assert.Contains("\"site\": \"lon\"", output);
        Assert.Contains("\"rack\": 7", output);
        Assert.Contains("\"web\"", output);
        Assert.Contains("\"address\": \"https://vault:8200\"", output);
        Assert.Contains("\"url\": \"nats://b1:4222\"", output);
        Assert.Contains("\"role_secret\": \"*****\"", output);
        Assert.Contains("\"jwt\": \"*****\"", output);
        Assert.DoesNotContain("hunter2", output);
    }

    [Fact]
    public async Task View_accepts_an_inline_hex_verify_key()
    {
        var token = await Provision("--srv", "x.net");
        var (code, output, _) = await Run("jwt", "view", token, "--verify-key", File.ReadAllText(P("ed.pub")));
        Assert.Equal(0, code);
        Assert.Contains("SRV Domain: x.net", output);
    }

    [Fact]
    public async Task View_with_another_key_reports_an_invalid_signature_and_exits_1()
    {
        var token = await Provision("--srv", "x.net");
        var (_, otherPub) = await Ed25519Keys("other");
        var (code, output, _) = await Run("jwt", "view", token, "--verify-key", otherPub);
        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("Signature: invalid", output);
    }

    [Fact]
    public async Task View_reports_an_expired_choria_token_with_a_valid_signature_and_exits_1()
    {
        var (seed, pub) = await Ed25519Keys();
        var iat = DateTimeOffset.UtcNow.AddDays(-10).ToUnixTimeSeconds();
        var exp = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
        File.WriteAllText(P("old.jwt"), RawToken(seed,
            $$"""{"cht":"s3cret","chs":false,"chu":"nats://b:4222","chpd":false,"extensions":null,"ou":"choria","purpose":"choria_provisioning","iss":"Choria CLI","sub":"choria_provisioning","exp":{{exp}},"nbf":{{iat}},"iat":{{iat}},"jti":"{{Ksuid.New(DateTimeOffset.FromUnixTimeSeconds(iat))}}"}"""));

        var (code, output, _) = await Run("jwt", "view", P("old.jwt"), "--verify-key", pub);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("Signature: valid", output);
        Assert.Contains($"expired at {DateTimeOffset.FromUnixTimeSeconds(exp):u}", output);
    }

    [Fact]
    public async Task View_of_a_choria_cli_token_without_exp_verifies_exits_0_and_warns_that_it_never_expires()
    {
        File.WriteAllText(P("choria.jwt"), ChoriaCliTokens.WithoutExpiry("s3cret", DateTimeOffset.UtcNow));
        File.WriteAllText(P("signer-public.pem"), SharedRsaKey.PublicPem);

        var (code, output, err) = await Run("jwt", "view", P("choria.jwt"), "--verify-key", P("signer-public.pem"));

        Assert.Equal(0, code);
        Assert.Contains("Signature: valid", output);
        Assert.Contains("SRV Domain: choria.example.net", output);
        Assert.Contains("Validity: valid, never expires", output);
        Assert.Equal($"warning: {P("choria.jwt")}: the token never expires: it has no exp claim{Environment.NewLine}", err);
    }

    [Fact]
    public async Task View_without_a_key_warns_too_that_a_token_without_exp_never_expires()
    {
        File.WriteAllText(P("choria.jwt"), ChoriaCliTokens.WithoutExpiry("s3cret", DateTimeOffset.UtcNow));

        var (code, output, err) = await Run("jwt", "view", P("choria.jwt"));

        Assert.Equal(0, code);
        Assert.Contains("Unverified Provisioning Token", output);
        Assert.Equal([
            $"warning: {P("choria.jwt")}: signature not verified (no --verify-key given): exit code 0 does not vouch for the signer",
            $"warning: {P("choria.jwt")}: the token never expires: it has no exp claim"], err.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task View_says_nothing_of_expiry_on_stderr_for_a_token_with_exp()
    {
        var token = await Provision("--srv", "x.net");

        var (code, _, err) = await Run("jwt", "view", token, "--verify-key", P("ed.pub"));

        Assert.Equal(0, code);
        Assert.Equal("", err);
    }

    [Fact]
    public async Task View_reports_a_token_not_yet_valid_and_exits_1()
    {
        var (seed, pub) = await Ed25519Keys();
        var nbf = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        File.WriteAllText(P("future.jwt"), RawToken(seed,
            $$"""{"cht":"t","chsrv":"x.net","purpose":"choria_provisioning","nbf":{{nbf}},"exp":{{nbf + 86400}}}"""));
        var (code, output, _) = await Run("jwt", "view", P("future.jwt"), "--verify-key", pub);
        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("not valid before", output);
    }

    [Fact]
    public async Task View_without_a_key_shows_the_claims_unverified_warns_and_exits_0()
    {
        var token = await Provision("--srv", "x.net");
        var (code, output, err) = await Run("jwt", "view", token);
        Assert.Equal(0, code);
        Assert.Contains("Unverified Provisioning Token", output);
        Assert.Contains("Signature: not verified", output);
        Assert.Equal($"warning: {token}: signature not verified (no --verify-key given): exit code 0 does not vouch for the signer{Environment.NewLine}", err);
    }

    [Fact]
    public async Task View_without_a_key_still_exits_1_for_an_expired_token()
    {
        var (seed, _) = await Ed25519Keys();
        var exp = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
        File.WriteAllText(P("old.jwt"), RawToken(seed, $$"""{"cht":"t","chsrv":"x.net","purpose":"choria_provisioning","iat":{{exp - 86400}},"exp":{{exp}}}"""));

        var (code, output, _) = await Run("jwt", "view", P("old.jwt"));

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("Validity: expired at", output);
    }

    [Fact]
    public async Task View_shows_a_server_token()
    {
        var (seed, pub) = await Ed25519Keys();
        using var signer = TokenSigningKey.Load(seed);
        var (_, token) = new ServerJwtIssuer(signer, new ServerJwtPolicy(), TimeProvider.System)
            .Issue(new ServerJwtRequest { Identity = "n1.example.net", PublicKeyHex = File.ReadAllText(pub) });
        File.WriteAllText(P("server.jwt"), token);

        var (code, output, _) = await Run("jwt", "view", P("server.jwt"), "--verify-key", pub);
        Assert.Equal(0, code);
        Assert.Contains("Server Token", output);
        Assert.Contains("Identity: n1.example.net", output);
        Assert.Contains("Collectives: mcollective", output);
    }

    [Fact]
    public async Task View_exits_2_for_a_missing_file_or_unusable_key_and_1_for_a_garbage_token()
    {
        Assert.Equal(ExitCodes.UsageOrIo, (await Run("jwt", "view", P("missing.jwt"))).Code);

        var token = await Provision("--srv", "x.net");
        var (badKey, _, err) = await Run("jwt", "view", token, "--verify-key", "nonsense");
        Assert.Equal(ExitCodes.UsageOrIo, badKey);
        Assert.Contains("--verify-key", err);

        File.WriteAllText(P("garbage.jwt"), "not.a.token");
        var (garbage, _, garbageErr) = await Run("jwt", "view", P("garbage.jwt"));
        Assert.Equal(ExitCodes.Invalid, garbage);
        Assert.Contains("base64url", garbageErr);
    }
}
