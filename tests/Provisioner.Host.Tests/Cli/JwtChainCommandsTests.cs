using Provisioner.Host.Cli;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

/// <summary><c>jwt issuer</c>, <c>jwt chain-signer</c> and <c>jwt view</c> of chain tokens (choria-v2 §2.2-2.4).</summary>
public sealed class JwtChainCommandsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("provisioner-jwt-chain-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string P(string name) => Path.Combine(dir, name);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<(string IssuerPub, string SignerSeed, string Token)> Chain()
    {
        var (code, output, err) = await Run("jwt", "issuer", P("org.seed"), P("org.pub"));
        Assert.True(code == 0, err);
        Assert.Contains(File.ReadAllText(P("org.pub")), output);
        (code, _, err) = await Run("jwt", "keygen", "--type", "ed25519", P("prov.seed"), P("prov.pub"));
        Assert.True(code == 0, err);
        (code, output, err) = await Run("jwt", "chain-signer", P("signer.jwt"), P("org.seed"), "--public-key", P("prov.pub"));
        Assert.True(code == 0, err);
        Assert.Contains(P("signer.jwt"), output);
        return (P("org.pub"), P("prov.seed"), P("signer.jwt"));
    }

    [Fact]
    public async Task Chain_signer_is_a_provisioner_client_token_the_org_issuer_vouches_for()
    {
        var (issuerPub, _, token) = await Chain();

        using var orgKey = TokenVerificationKey.Load(issuerPub);
        var claims = ClientIdTokens.Verify(File.ReadAllText(token), orgKey, TimeProvider.System);
        Assert.Equal("provisioner_signer", claims.CallerId);
        Assert.True(claims.Permissions!.Provisioner);
        Assert.True(claims.Permissions.FleetManagement);
        Assert.Equal(["fleet_management", "provisioner"], claims.Permissions.Granted());
        Assert.Equal("I-" + File.ReadAllText(issuerPub), claims.Issuer);
        Assert.Equal(File.ReadAllText(P("prov.pub")), claims.PublicKey);
        Assert.Equal(365L * 86400, claims.ExpiresAt - claims.IssuedAt);
        Assert.True(orgKey.Verify(JwsAlgorithm.EdDSA, TrustChain.IssuerSignatureInput(claims.Id!, claims.PublicKey!), Convert.FromHexString(claims.TrustChainSignature!)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
        }
    }

    [Fact]
    public async Task View_shows_the_chain_signer_and_verifies_it_with_the_org_key()
    {
        var (issuerPub, _, token) = await Chain();

        var (code, output, err) = await Run("jwt", "view", token, "--verify-key", issuerPub);

        Assert.True(code == 0, err + output);
        Assert.Contains("Client Token", output);
        Assert.Contains("Caller ID: provisioner_signer", output);
        Assert.Contains("Permissions: fleet_management, provisioner", output);
        Assert.Contains("Signature: valid", output);
    }

    [Fact]
    public async Task View_verifies_a_chain_issued_server_jwt_against_the_org_key_and_refuses_another_key()
    {
        var (issuerPub, signerSeed, token) = await Chain();
        using var signer = TokenSigningKey.Load(signerSeed);
        var (_, serverJwt) = new ServerJwtIssuer(signer, new ServerJwtPolicy(), TimeProvider.System, new SigningTokenFile(token)).Issue(new ServerJwtRequest
        {
            Identity = "n1.example.net",
            PublicKeyHex = File.ReadAllText(P("prov.pub")),
        });
        File.WriteAllText(P("server.jwt"), serverJwt);
        (var code, _, var err) = await Run("jwt", "keygen", "--type", "ed25519", P("other.seed"), P("other.pub"));
        Assert.True(code == 0, err);

        var (valid, output, _) = await Run("jwt", "view", P("server.jwt"), "--verify-key", issuerPub);
        var (invalid, refused, _) = await Run("jwt", "view", P("server.jwt"), "--verify-key", P("other.pub"));

        Assert.True(valid == 0, output);
        Assert.Contains("Signature: valid, through the trust chain of C-", output);
        Assert.Equal(1, invalid);
        Assert.Contains("Signature: invalid: not signed by issuer: chain issuer credentials not signed by org issuer", refused);
    }

    [Theory]
    [InlineData("--public-key", "nothex")]
    [InlineData("--validity", "soon")]
    public async Task Bad_chain_signer_input_is_one_line_and_exit_2(string option, string value)
    {
        await Chain();
        string[] args = ["jwt", "chain-signer", P("again.jwt"), P("org.seed"), "--public-key", P("prov.pub")];
        args = option == "--public-key" ? [.. args[..^1], value] : [.. args, option, value];

        var (code, _, err) = await Run(args);

        Assert.Equal(2, code);
        Assert.Contains(option, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(P("again.jwt")));
    }

    [Fact]
    public async Task A_missing_issuer_seed_is_one_line_and_exit_2()
    {
        await Chain();

        var (code, _, err) = await Run("jwt", "chain-signer", P("again.jwt"), P("missing.seed"), "--public-key", P("prov.pub"));

        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", err);
    }
}
