using System.Text.Json.Nodes;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Tokens;

/// <summary>Server JWTs issued through <c>server-jwt.signing-token</c> (choria-provisioning.md §5 chain signing, scenario 3).</summary>
public sealed class ChainIssuanceTests : IDisposable
{
    private static readonly ManualClock Clock = ManualClock.AtUnix(1_700_000_100);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ServerJwtRequest Request() => new() { Identity = "n1.example.net", PublicKeyHex = SpecChain.NodePublicKey };

    [Fact]
    public void Scenario_3_iss_issexp_tcs_are_the_chain_and_exp_is_capped()
    {
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        using var org = SpecChain.OrgKey;
        var file = new SigningTokenFile(_dir.Write("signer.jwt", SpecChain.T1), org);

        var (claims, token) = new ServerJwtIssuer(provisioner, new ServerJwtPolicy(), Clock, file).Issue(Request());

        Assert.Equal("C-2YBXZMjIuuGWKGmPCQoJTPk6i2p." + SpecChain.ProvisionerPublicKey, claims.Issuer);
        Assert.Equal(1_731_536_000, claims.IssuerExpiresAt);
        Assert.Equal(1_731_536_000, claims.ExpiresAt);
        var tcs = claims.TrustChainSignature!.Split('.');
        Assert.Equal(JsonNode.Parse(SpecChain.T1Payload)!["tcs"]!.GetValue<string>(), tcs[0]);
        using var provisionerKey = provisioner.VerificationKey.Ed25519PublicKeyHex is { } hex ? TokenVerificationKey.FromEd25519(Convert.FromHexString(hex)) : null;
        Assert.True(provisionerKey!.Verify(JwsAlgorithm.EdDSA, TrustChain.ChainSignatureInput(claims.Id!, tcs[0]), Convert.FromHexString(tcs[1])));
        Assert.Equal(claims.Id, ServerTokens.Verify(token, org, Clock).Id);
    }

    [Fact]
    public void A_signing_token_without_tcs_issues_nothing_with_choria_message()
    {
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        var claims = JsonNode.Parse(SpecChain.T1Payload)!.AsObject();
        claims.Remove("tcs");
        var path = _dir.Write("signer.jwt", TestKeys.SignRaw("""{"alg":"EdDSA","typ":"JWT"}""", claims.ToJsonString(), SpecChain.OrgSeed));

        var e = Assert.Throws<TokenException>(() => new ServerJwtIssuer(provisioner, new ServerJwtPolicy(), Clock, new SigningTokenFile(path)).Issue(Request()));

        Assert.Equal($"signing token {path}: no Trust Chain Signature claim in JWT Signing Token", e.Message);
    }

    [Fact]
    public void The_signing_token_is_read_on_every_use_so_a_renewed_one_takes_effect()
    {
        using var org = TokenSigningKey.FromEd25519Seed(SpecChain.OrgSeed);
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        var path = _dir.Write("signer.jwt", SpecChain.T1);
        var issuer = new ServerJwtIssuer(provisioner, new ServerJwtPolicy(), Clock, new SigningTokenFile(path, org.VerificationKey));
        var first = issuer.Issue(Request()).Claims;

        var renewed = ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = "provisioner_signer", PublicKeyHex = SpecChain.ProvisionerPublicKey, Validity = TimeSpan.FromDays(730),
        }, org, Clock);
        File.WriteAllText(path, renewed);
        var second = issuer.Issue(Request()).Claims;

        Assert.Equal(1_731_536_000, first.IssuerExpiresAt);
        Assert.Equal(1_700_000_100 + 730L * 86400, second.IssuerExpiresAt);
        Assert.NotEqual(first.Issuer, second.Issuer);
    }

    [Fact]
    public void With_the_org_key_given_a_signing_token_from_another_org_issues_nothing()
    {
        using var otherOrg = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        using var org = SpecChain.OrgKey;
        var foreign = ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = "provisioner_signer", PublicKeyHex = SpecChain.ProvisionerPublicKey, Validity = TimeSpan.FromDays(30),
        }, otherOrg, Clock);
        var file = new SigningTokenFile(_dir.Write("signer.jwt", foreign), org);

        var e = Assert.Throws<TokenException>(() => new ServerJwtIssuer(provisioner, new ServerJwtPolicy(), Clock, file).Issue(Request()));

        Assert.Equal(TokenError.UntrustedChain, e.Error);
        Assert.EndsWith("not signed by issuer: chain issuer credentials not signed by org issuer", e.Message);
    }

    [Fact]
    public void Scenario_15_a_signing_token_without_the_provisioner_permission_calls_no_node_with_the_brokers_words()
    {
        using var org = TokenSigningKey.FromEd25519Seed(SpecChain.OrgSeed);
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        ChainIssuerRequest Request(ClientPermissions permissions) => new()
        {
            CallerId = "provisioner_signer", PublicKeyHex = SpecChain.ProvisionerPublicKey, Validity = TimeSpan.FromDays(30), Permissions = permissions,
        };
        var without = _dir.Write("without.jwt", ChainIssuerTokens.Issue(Request(new ClientPermissions { FleetManagement = true }), org, Clock));
        var with = _dir.Write("with.jwt", ChainIssuerTokens.Issue(Request(new ClientPermissions { FleetManagement = true, Provisioner = true }), org, Clock));

        var e = Assert.Throws<TokenException>(() => new SigningTokenFile(without, org.VerificationKey).Caller(provisioner));

        Assert.Equal(TokenError.InvalidClaim, e.Error);
        Assert.Equal($"signing token {without}: provisioner claim is false in token with caller id 'provisioner_signer'", e.Message);
        Assert.Equal("provisioner_signer", new SigningTokenFile(with, org.VerificationKey).Caller(provisioner).CallerId);
    }

    [Fact]
    public void A_missing_signing_token_file_is_a_token_error_naming_it()
    {
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        var path = Path.Combine(_dir.Path, "absent.jwt");
        var e = Assert.Throws<TokenException>(() => new SigningTokenFile(path).Signer(provisioner));
        Assert.Contains(path, e.Message);
    }
}
