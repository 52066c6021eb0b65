using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Tokens;

/// <summary>choria-v2 §2.2-2.4 and acceptance scenarios 10-14: the org issuer → chain issuer → server JWT chain.</summary>
public class TrustChainTests
{
    private static readonly ManualClock During = ManualClock.AtUnix(1_700_000_200);

    [Fact]
    public void The_org_issuer_signs_the_spec_chain_issuer_token_byte_for_byte()
    {
        using var org = TokenSigningKey.FromEd25519Seed(SpecChain.OrgSeed);
        var claims = ChainIssuerTokens.Create(
            new ChainIssuerRequest { CallerId = "provisioner_signer", PublicKeyHex = SpecChain.ProvisionerPublicKey, Validity = TimeSpan.FromSeconds(31_536_000) },
            org, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), SpecChain.Id(1_700_000_000, 0xa0));

        var token = ChainIssuerTokens.Sign(claims, org);

        Assert.Equal(SpecChain.T1Payload, JsonText(token));
        Assert.Equal(SpecChain.T1, token);
        Assert.Equal(810, token.Length);
    }

    [Fact]
    public void The_chain_issuer_signs_the_spec_server_jwt_byte_for_byte_with_exp_capped_to_the_signer()
    {
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        var signer = ChainSigner.Create(SpecChain.T1, provisioner);

        var chained = signer.Chain(SpecChain.T2Unchained);
        var token = new ServerJwtIssuer(provisioner, new ServerJwtPolicy(), During).Sign(chained);

        Assert.Equal(1_731_536_000, chained.ExpiresAt);
        Assert.Equal(SpecChain.T2Payload, JsonText(token));
        Assert.Equal(SpecChain.T2, token);
        Assert.Equal(991, token.Length);
    }

    [Fact]
    public void A_server_jwt_whose_exp_is_before_the_signer_keeps_it()
    {
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        var chained = ChainSigner.Create(SpecChain.T1, provisioner).Chain(SpecChain.T2Unchained with { ExpiresAt = 1_700_003_700 });
        Assert.Equal(1_700_003_700, chained.ExpiresAt);
        Assert.Equal(1_731_536_000, chained.IssuerExpiresAt);
    }

    [Fact]
    public void Scenario_10_T2_verifies_with_the_org_key_and_its_signature_is_the_provisioners_not_the_orgs()
    {
        using var orgKey = SpecChain.OrgKey;
        var claims = ServerTokens.Verify(SpecChain.T2, orgKey, During, expectedIdentity: "n1.example.net");
        Assert.Equal(SpecChain.NodePublicKey, claims.PublicKey);

        var jws = JwsToken.Parse(SpecChain.T2);
        using var provisionerKey = TokenVerificationKey.FromEd25519(Convert.FromHexString(SpecChain.ProvisionerPublicKey));
        jws.VerifySignature(provisionerKey);
        Assert.Equal(TokenError.InvalidSignature, Assert.Throws<TokenException>(() => jws.VerifySignature(orgKey)).Error);
    }

    [Fact]
    public void The_chain_issuer_token_verifies_directly_with_the_org_key()
    {
        using var orgKey = SpecChain.OrgKey;
        var claims = ClientIdTokens.Verify(SpecChain.T1, orgKey, During);
        Assert.True(claims.Permissions!.Provisioner);
        Assert.Equal("provisioner_signer", claims.CallerId);
    }

    [Fact]
    public void Scenario_11_an_altered_chain_signature_is_an_invalid_chain_signature()
    {
        var tcs = Claims(SpecChain.T2)["tcs"]!.GetValue<string>();
        var altered = tcs[..^2] + (tcs[^2..] == "00" ? "01" : "00");
        Assert.Equal("not signed by issuer: invalid chain signature", Refusal(Resigned(c => c["tcs"] = altered)));
    }

    [Fact]
    public void Scenario_11_another_org_key_does_not_vouch_for_the_chain_issuer()
    {
        using var otherOrg = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(TestKeys.NewSeed()));
        var e = Assert.Throws<TokenException>(() => ServerTokens.Verify(SpecChain.T2, otherOrg, During));
        Assert.Equal(TokenError.UntrustedChain, e.Error);
        Assert.Equal("not signed by issuer: chain issuer credentials not signed by org issuer", e.Message);
    }

    [Fact]
    public void Scenario_11_an_altered_issuer_id_is_not_signed_by_the_org()
    {
        var token = Resigned(c => c["iss"] = "C-2YBXZMjIuuGWKGmPCQoJTPk6i2q." + SpecChain.ProvisionerPublicKey);
        Assert.Equal("not signed by issuer: chain issuer credentials not signed by org issuer", Refusal(token));
    }

    [Fact]
    public void A_token_signed_by_another_key_than_the_issuer_it_names_fails_after_the_chain()
    {
        var token = Resigned(_ => { }, TestKeys.NewSeed());
        var message = Refusal(token);
        Assert.StartsWith("not signed by issuer: token signature is invalid", message);
    }

    [Fact]
    public void Scenario_12_without_issexp_the_chain_is_refused()
    {
        Assert.Equal("not signed by issuer: no issuer expires set", Refusal(Resigned(c => c.Remove("issexp"))));
    }

    [Fact]
    public void Scenario_12_a_jti_that_is_not_a_ksuid_is_refused()
    {
        Assert.Equal("not signed by issuer: invalid ksuid format", Refusal(Resigned(c => c["jti"] = "not-a-ksuid")));
    }

    [Fact]
    public void Scenario_12_a_jti_made_at_another_time_than_iat_is_refused()
    {
        var other = SpecChain.Id(1_700_000_101, 0xb0).ToString();
        Assert.Equal("not signed by issuer: id is not based on issued time", Refusal(Resigned(c => c["jti"] = other)));
    }

    [Theory]
    [InlineData("iss", "no issuer set")]
    [InlineData("public_key", "no public key set")]
    [InlineData("tcs", "no trust chain signature set")]
    [InlineData("iat", "no issued time set")]
    [InlineData("exp", "no expires set")]
    public void Each_required_chain_claim_is_named_when_missing(string claim, string reason)
    {
        // Without iss the token is not chain-issued at all; it then fails the direct check with the org key.
        var token = Resigned(c => c.Remove(claim));
        if (claim == "iss")
        {
            using var orgKey = SpecChain.OrgKey;
            Assert.Throws<TokenException>(() => ServerTokens.Verify(token, orgKey, During));
            var jws = JwsToken.Parse(token);
            Assert.Equal("not signed by issuer: " + reason, Assert.Throws<TokenException>(() => TrustChain.VerifyChain(jws, ServerTokens.ReadClaims(jws), orgKey)).Message);
            return;
        }
        Assert.Equal("not signed by issuer: " + reason, Refusal(token));
    }

    [Theory]
    [InlineData("C-onlyonepart", "invalid issuer content")]
    [InlineData("C-a.b.c", "invalid issuer content")]
    [InlineData("C-.adc14011f82d1c56d956aa4f9d73d8858361a606048525e0d08c638dc75dd8c7", "invalid id in issuer")]
    [InlineData("C-2YBXZMjIuuGWKGmPCQoJTPk6i2p.", "invalid public key in issuer")]
    [InlineData("C-2YBXZMjIuuGWKGmPCQoJTPk6i2p.zz", "invalid public key in issuer data")]
    public void A_malformed_issuer_is_refused_with_choria_reason(string issuer, string reason)
    {
        Assert.Equal("not signed by issuer: " + reason, Refusal(Resigned(c => c["iss"] = issuer)));
    }

    [Theory]
    [InlineData("abcdef", "invalid trust chain signature")]
    [InlineData("abcdef.", "invalid trust chain signature")]
    [InlineData("a.b.c", "invalid trust chain signature")]
    public void A_malformed_chain_signature_is_refused(string tcs, string reason)
    {
        Assert.Equal("not signed by issuer: " + reason, Refusal(Resigned(c => c["tcs"] = tcs)));
    }

    [Fact]
    public void Chain_signature_parts_that_are_not_hex_are_refused()
    {
        Assert.StartsWith("not signed by issuer: invalid signature in chain signature: ", Refusal(Resigned(c => c["tcs"] = "abcd.xyz")));
        Assert.StartsWith("not signed by issuer: invalid trust chain signature encoding: ", Refusal(Resigned(c => c["tcs"] = "xyz.abcd")));
    }

    [Fact]
    public void Scenario_13_T2_expires_with_T1_even_though_it_was_issued_for_a_year()
    {
        using var orgKey = SpecChain.OrgKey;
        var atExpiry = ManualClock.AtUnix(1_731_536_000);
        var e = Assert.Throws<TokenException>(() => ServerTokens.Verify(SpecChain.T2, orgKey, atExpiry));
        Assert.Equal(TokenError.Expired, e.Error);
        ServerTokens.Verify(SpecChain.T2, orgKey, ManualClock.AtUnix(1_731_535_999));
    }

    [Fact]
    public void Scenario_14_a_signing_token_without_tcs_is_refused_with_choria_message()
    {
        using var org = TokenSigningKey.FromEd25519Seed(SpecChain.OrgSeed);
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        var withoutTcs = JsonNode.Parse(SpecChain.T1Payload)!.AsObject();
        withoutTcs.Remove("tcs");
        var token = TestKeys.SignRaw("""{"alg":"EdDSA","typ":"JWT"}""", withoutTcs.ToJsonString(), SpecChain.OrgSeed);

        var e = Assert.Throws<TokenException>(() => ChainSigner.Create(token, provisioner));
        Assert.Equal("no Trust Chain Signature claim in JWT Signing Token", e.Message);
    }

    [Theory]
    [InlineData("jti", "id not set")]
    [InlineData("public_key", "public key not set")]
    [InlineData("exp", "issuer has no expiry")]
    public void A_signing_token_without_what_the_chain_names_is_refused(string claim, string message)
    {
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        var claims = JsonNode.Parse(SpecChain.T1Payload)!.AsObject();
        claims.Remove(claim);
        var token = TestKeys.SignRaw("""{"alg":"EdDSA","typ":"JWT"}""", claims.ToJsonString(), SpecChain.OrgSeed);
        Assert.Equal(message, Assert.Throws<TokenException>(() => ChainSigner.Create(token, provisioner)).Message);
    }

    [Fact]
    public void A_signing_token_that_is_not_a_client_token_is_refused()
    {
        using var provisioner = TokenSigningKey.FromEd25519Seed(SpecChain.ProvisionerSeed);
        Assert.Equal("not a client token", Assert.Throws<TokenException>(() => ChainSigner.Create(SpecChain.T2, provisioner)).Message);
    }

    [Fact]
    public void A_signing_key_that_is_not_the_signing_tokens_key_is_refused()
    {
        using var other = TokenSigningKey.FromEd25519Seed(TestKeys.NewSeed());
        var e = Assert.Throws<TokenException>(() => ChainSigner.Create(SpecChain.T1, other));
        Assert.Equal(TokenError.InvalidKey, e.Error);
        Assert.Contains(SpecChain.ProvisionerPublicKey, e.Message);
    }

    private static string Refusal(string token)
    {
        using var orgKey = SpecChain.OrgKey;
        var e = Assert.Throws<TokenException>(() => ServerTokens.Verify(token, orgKey, During));
        Assert.Equal(TokenError.UntrustedChain, e.Error);
        return e.Message;
    }

    /// <summary>T2 with its claims changed by <paramref name="change"/>, signed again by the provisioner (or <paramref name="seed"/>).</summary>
    private static string Resigned(Action<JsonObject> change, byte[]? seed = null)
    {
        var claims = JsonNode.Parse(SpecChain.T2Payload)!.AsObject();
        change(claims);
        return TestKeys.SignRaw("""{"alg":"EdDSA","typ":"JWT"}""", claims.ToJsonString(), seed ?? SpecChain.ProvisionerSeed);
    }

    private static JsonObject Claims(string token) => JsonNode.Parse(JwsToken.Parse(token).Payload.Span)!.AsObject();

    private static string JsonText(string token) => System.Text.Encoding.UTF8.GetString(JwsToken.Parse(token).Payload.Span);
}
