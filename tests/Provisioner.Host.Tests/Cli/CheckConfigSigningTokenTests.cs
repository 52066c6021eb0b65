using Provisioner.Host.Cli;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

/// <summary><c>server-jwt.signing-token</c> is checked when a member loads, with Choria's refusal for a token without <c>tcs</c>.</summary>
public sealed class CheckConfigSigningTokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("check-signing-token-").FullName;
    private readonly Ed25519KeyPair _org = Ed25519KeyPair.Generate();
    private readonly Ed25519KeyPair _provisioner = Ed25519KeyPair.Generate();

    public CheckConfigSigningTokenTests()
    {
        File.WriteAllText(P("org.pub"), _org.PublicKeyHex);
        File.WriteAllText(P("provisioner.seed"), _provisioner.ExportSeedHex());
        File.WriteAllText(P("broker.password"), "pa55w0rd");
        using var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);
        ca.Save(P("ca"));
    }

    public void Dispose()
    {
        _org.Dispose();
        _provisioner.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string P(string name) => Path.Combine(_dir, name);

    private string Config(string verifyKey) => Write($$"""
        provisioner {
          token = "s3cr3t"
          jwt-verify-key = "{{verifyKey}}"
          server-jwt.signing-key = "{{P("provisioner.seed")}}"
          server-jwt.signing-token = "{{P("signer.jwt")}}"
          ca-dir = "{{P("ca")}}"
          nats { url = "nats://broker.example.net:4222", user = provisioner, password-file = "{{P("broker.password")}}" }
        }
        """);

    private string Write(string text)
    {
        File.WriteAllText(P("member.conf"), text);
        return P("member.conf");
    }

    private string SigningToken(Ed25519KeyPair org, bool withTcs = true)
    {
        using var orgKey = TokenSigningKey.FromEd25519Seed(org.ExportSeed());
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var claims = ChainIssuerTokens.Create(
            new ChainIssuerRequest { CallerId = "provisioner_signer", PublicKeyHex = _provisioner.PublicKeyHex, Validity = TimeSpan.FromDays(30) },
            orgKey, now, Ksuid.New(now));
        return ChainIssuerTokens.Sign(withTcs ? claims : claims with { TrustChainSignature = null }, orgKey);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_signing_token_the_org_issuer_signed_loads()
    {
        File.WriteAllText(P("signer.jwt"), SigningToken(_org));

        var (code, _, error) = await Run("member", "--check-config", "--config", Config(P("org.pub")));

        Assert.Equal(("", 0), (error, code));
    }

    [Fact]
    public async Task A_signing_token_without_tcs_stops_the_member_with_choria_message()
    {
        File.WriteAllText(P("signer.jwt"), SigningToken(_org, withTcs: false));

        var (code, _, error) = await Run("member", "--check-config", "--config", Config(P("org.pub")));

        Assert.Equal(2, code);
        Assert.Equal($"error: provisioner.server-jwt.signing-token: signing token {P("signer.jwt")}: no Trust Chain Signature claim in JWT Signing Token", error.Trim());
    }

    [Fact]
    public async Task A_signing_token_of_another_org_stops_the_member()
    {
        using var other = Ed25519KeyPair.Generate();
        File.WriteAllText(P("signer.jwt"), SigningToken(other));

        var (code, _, error) = await Run("member", "--check-config", "--config", Config(P("org.pub")));

        Assert.Equal(2, code);
        Assert.StartsWith("error: provisioner.server-jwt.signing-token: token signature is invalid", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_signing_token_with_an_rsa_verify_key_is_refused()
    {
        File.WriteAllText(P("signer.jwt"), SigningToken(_org));
        File.WriteAllText(P("rsa.pub"), Provisioner.Testing.SharedRsaKey.Rsa.ExportSubjectPublicKeyInfoPem());

        var (code, _, error) = await Run("member", "--check-config", "--config", Config(P("rsa.pub")));

        Assert.Equal(2, code);
        Assert.Contains("Ed25519 provisioner.jwt-verify-key", error);
    }
}
