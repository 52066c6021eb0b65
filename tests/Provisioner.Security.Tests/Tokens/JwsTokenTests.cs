using Xunit;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Provisioner.Security.Tokens;

namespace Provisioner.Security.Tests.Tokens;

public class JwsTokenTests
{
    private const string Claims = """{"purpose":"test","exp":4102444800}""";

    private static TokenException Refused(Action action) => Assert.Throws<TokenException>(action);

    private static string SignEd25519(byte[] seed, string claims = Claims)
    {
        using var key = TokenSigningKey.FromEd25519Seed(seed);
        return JwsToken.Sign(Encoding.UTF8.GetBytes(claims), key);
    }

    [Fact]
    public void Signs_with_the_choria_header_and_unpadded_base64url()
    {
        var token = SignEd25519(TestKeys.NewSeed());
        var parts = token.Split('.');
        Assert.Equal(TestKeys.B64("""{"alg":"EdDSA","typ":"JWT"}"""), parts[0]);
        Assert.DoesNotContain('=', token);

        using var rsa = TokenSigningKey.FromRsa(TestKeys.Rsa);
        var rsaToken = JwsToken.Sign(Encoding.UTF8.GetBytes(Claims), rsa);
        Assert.Equal(TestKeys.B64("""{"alg":"RS256","typ":"JWT"}"""), rsaToken.Split('.')[0]);
    }

    [Fact]
    public void Round_trips_payload_and_verifies_with_the_matching_key()
    {
        var seed = TestKeys.NewSeed();
        var jws = JwsToken.Parse(SignEd25519(seed));
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        jws.VerifySignature(key);
        Assert.Equal(Claims, Encoding.UTF8.GetString(jws.Payload.Span));
        Assert.Equal(JwsAlgorithm.EdDSA, jws.Algorithm);
    }

    [Fact]
    public void Rejects_token_signed_by_another_key()
    {
        var jws = JwsToken.Parse(SignEd25519(TestKeys.NewSeed()));
        using var other = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(TestKeys.NewSeed()));
        Assert.Equal(TokenError.InvalidSignature, Refused(() => jws.VerifySignature(other)).Error);
    }

    [Fact]
    public void Rejects_rsa_token_signed_by_another_rsa_key()
    {
        var token = TestKeys.SignRaw("""{"alg":"RS256","typ":"JWT"}""", Claims, rsa: TestKeys.OtherRsa);
        using var key = TokenVerificationKey.FromRsa(TestKeys.Rsa);
        Assert.Equal(TokenError.InvalidSignature, Refused(() => JwsToken.Parse(token).VerifySignature(key)).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Rejects_a_tampered_header_payload_or_signature(int part)
    {
        var seed = TestKeys.NewSeed();
        var parts = SignEd25519(seed).Split('.');
        parts[part] = part switch
        {
            0 => TestKeys.B64("""{"alg":"EdDSA","typ":"JWT","kid":"x"}"""),
            1 => TestKeys.B64("""{"purpose":"test","exp":4102444801}"""),
            _ => TestKeys.B64(Enumerable.Repeat((byte)7, 64).ToArray()),
        };
        using var key = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(seed));
        Assert.Equal(TokenError.InvalidSignature, Refused(() => JwsToken.Parse(string.Join('.', parts)).VerifySignature(key)).Error);
    }

    [Fact]
    public void Rejects_an_eddsa_token_given_an_rsa_key_and_the_reverse()
    {
        var edToken = JwsToken.Parse(SignEd25519(TestKeys.NewSeed()));
        using var rsaKey = TokenVerificationKey.FromRsa(TestKeys.Rsa);
        Assert.Equal(TokenError.KeyTypeMismatch, Refused(() => edToken.VerifySignature(rsaKey)).Error);

        var rsaToken = JwsToken.Parse(TestKeys.SignRaw("""{"alg":"RS256","typ":"JWT"}""", Claims));
        using var edKey = TokenVerificationKey.FromEd25519(TestKeys.Ed25519PublicKey(TestKeys.NewSeed()));
        Assert.Equal(TokenError.KeyTypeMismatch, Refused(() => rsaToken.VerifySignature(edKey)).Error);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("HS512")]
    [InlineData("ES256")]
    [InlineData("PS256")]
    public void Rejects_algorithms_other_than_rs_and_eddsa(string alg)
    {
        var token = $"{TestKeys.B64($$"""{"alg":"{{alg}}","typ":"JWT"}""")}.{TestKeys.B64(Claims)}.{TestKeys.B64("sig")}";
        var e = Refused(() => JwsToken.Parse(token));
        Assert.Equal(TokenError.UnsupportedAlgorithm, e.Error);
        Assert.Contains(alg, e.Message);
    }

    [Fact]
    public void Rejects_alg_none_with_an_empty_signature()
    {
        var token = $"{TestKeys.B64("""{"alg":"none"}""")}.{TestKeys.B64(Claims)}.";
        Assert.Equal(TokenError.UnsupportedAlgorithm, Refused(() => JwsToken.Parse(token)).Error);
    }

    [Fact]
    public void Rejects_an_empty_signature_on_a_supported_algorithm()
    {
        var token = $"{TestKeys.B64("""{"alg":"EdDSA"}""")}.{TestKeys.B64(Claims)}.";
        Assert.Equal(TokenError.InvalidSignature, Refused(() => JwsToken.Parse(token)).Error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e30=.c2ln")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e3 0.c2ln")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e30.c2l+")]
    [InlineData("bm90IGpzb24.e30.c2ln")]
    [InlineData("WyJhcnJheSJd.e30.c2ln")]
    [InlineData("eyJ0eXAiOiJKV1QifQ.e30.c2ln")]
    [InlineData("eyJhbGciOjF9.e30.c2ln")]
    [InlineData("A.e30.c2ln")]
    public void Rejects_malformed_structure_base64_or_header_json(string token)
    {
        Assert.Equal(TokenError.Malformed, Refused(() => JwsToken.Parse(token)).Error);
    }

    [Fact]
    public void Rejects_a_token_over_16_KiB_before_decoding()
    {
        var token = new string('a', JwsToken.MaxLength + 1);
        var e = Refused(() => JwsToken.Parse(token));
        Assert.Equal(TokenError.TooLarge, e.Error);
    }

    [Fact]
    public void Accepts_rs384_and_rs512_tokens()
    {
        using var key = TokenVerificationKey.FromRsa(TestKeys.Rsa);
        JwsToken.Parse(TestKeys.SignRaw("""{"alg":"RS384","typ":"JWT"}""", Claims, hash: HashAlgorithmName.SHA384)).VerifySignature(key);
        JwsToken.Parse(TestKeys.SignRaw("""{"alg":"RS512","typ":"JWT"}""", Claims, hash: HashAlgorithmName.SHA512)).VerifySignature(key);
        var mislabeled = TestKeys.SignRaw("""{"alg":"RS512","typ":"JWT"}""", Claims, hash: HashAlgorithmName.SHA256);
        Assert.Equal(TokenError.InvalidSignature, Refused(() => JwsToken.Parse(mislabeled).VerifySignature(key)).Error);
    }

    [Fact]
    public async Task Our_rs256_token_validates_with_microsoft_identity_model()
    {
        using var key = TokenSigningKey.FromRsa(TestKeys.Rsa);
        var token = JwsToken.Sign(Encoding.UTF8.GetBytes("""{"iss":"Choria Provisioner","exp":4102444800,"purpose":"choria_provisioning"}"""), key);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(TestKeys.Rsa.ExportParameters(false)),
            ValidIssuer = "Choria Provisioner",
            ValidateAudience = false,
            ValidAlgorithms = ["RS256"],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("choria_provisioning", result.Claims["purpose"]);
    }

    [Fact]
    public async Task Microsoft_identity_model_refuses_our_rs256_token_for_another_key()
    {
        using var key = TokenSigningKey.FromRsa(TestKeys.Rsa);
        var token = JwsToken.Sign(Encoding.UTF8.GetBytes(Claims), key);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(TestKeys.OtherRsa.ExportParameters(false)),
            ValidateIssuer = false,
            ValidateAudience = false,
        });
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Our_eddsa_token_verifies_with_the_independent_nkeys_ed25519()
    {
        var seed = TestKeys.NewSeed();
        var token = SignEd25519(seed);
        var parts = token.Split('.');
        var signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        var signature = Convert.FromBase64String(parts[2].Replace('-', '+').Replace('_', '/') + "==");

        using var nkey = NATS.NKeys.KeyPair.CreatePair(NATS.NKeys.PrefixByte.User, new SeedAsRandom(seed));
        using var otherKey = NATS.NKeys.KeyPair.CreatePair(NATS.NKeys.PrefixByte.User, new SeedAsRandom(TestKeys.NewSeed()));

        Assert.True(nkey.Verify(signingInput, signature));
        Assert.False(otherKey.Verify(signingInput, signature));
    }

    /// <summary>Hands NKeys our seed as its "random" bytes, so its own Ed25519 code derives the same key pair.</summary>
    private sealed class SeedAsRandom(byte[] seed) : RandomNumberGenerator
    {
        public override void GetBytes(byte[] data) => seed.AsSpan(0, data.Length).CopyTo(data);

        public override void GetBytes(Span<byte> data) => seed.AsSpan(0, data.Length).CopyTo(data);
    }
}
