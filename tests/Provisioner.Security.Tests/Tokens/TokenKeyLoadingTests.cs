using Xunit;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Provisioner.Security.Tokens;

namespace Provisioner.Security.Tests.Tokens;

public class TokenKeyLoadingTests
{
    private static readonly byte[] Data = Encoding.ASCII.GetBytes("header.payload");

    [Fact]
    public void Loads_an_ed25519_seed_file_of_exactly_64_hex_characters()
    {
        using var dir = new TempDirectory();
        var seed = TestKeys.NewSeed();
        using var key = TokenSigningKey.Load(dir.Write("seed", Convert.ToHexStringLower(seed)));
        Assert.Equal(TokenKeyType.Ed25519, key.Type);
        Assert.Equal(JwsAlgorithm.EdDSA, key.Algorithm);
        Assert.Equal(Convert.ToHexStringLower(TestKeys.Ed25519PublicKey(seed)), key.VerificationKey.Ed25519PublicKeyHex);
    }

    // choria-v2 scenario 16: Choria reads seed files as they are, so a newline breaks issuing there and here alike.
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData(" ")]
    public void Scenario_16_a_seed_file_with_a_trailing_newline_fails_issuing(string trailer)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("seed", Convert.ToHexStringLower(TestKeys.NewSeed()) + trailer);

        var refused = Assert.Throws<TokenException>(() => TokenSigningKey.Load(path));

        Assert.Equal(TokenError.InvalidKey, refused.Error);
        Assert.StartsWith($"unsupported key in {path}: ", refused.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loads_an_rsa_private_key_pem_in_pkcs1_or_pkcs8(bool pkcs8)
    {
        using var dir = new TempDirectory();
        var pem = pkcs8 ? TestKeys.Rsa.ExportPkcs8PrivateKeyPem() : TestKeys.Rsa.ExportRSAPrivateKeyPem();
        using var key = TokenSigningKey.Load(dir.Write("key.pem", pem));
        Assert.Equal(JwsAlgorithm.RS256, key.Algorithm);
        using var verify = TokenVerificationKey.FromRsa(TestKeys.Rsa);
        Assert.True(verify.Verify(JwsAlgorithm.RS256, Data, key.Sign(Data)));
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("abcd")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")]
    public void Refuses_a_signing_key_file_that_is_neither_pem_nor_seed(string content)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<TokenException>(() => TokenSigningKey.Load(dir.Write("bad", content)));
        Assert.Equal(TokenError.InvalidKey, e.Error);
    }

    [Fact]
    public void Refuses_a_missing_signing_key_file_with_a_clear_error()
    {
        var e = Assert.Throws<TokenException>(() => TokenSigningKey.Load("/nonexistent/key"));
        Assert.Equal(TokenError.InvalidKey, e.Error);
        Assert.Contains("/nonexistent/key", e.Message);
    }

    [Fact]
    public void Loads_verify_keys_from_public_pem_certificate_pem_hex_file_and_inline_hex()
    {
        using var dir = new TempDirectory();
        var seed = TestKeys.NewSeed();
        var publicHex = Convert.ToHexStringLower(TestKeys.Ed25519PublicKey(seed));
        var request = new CertificateRequest("CN=signer", TestKeys.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var fromPublicPem = TokenVerificationKey.Load(dir.Write("pub.pem", TestKeys.Rsa.ExportSubjectPublicKeyInfoPem()));
        using var fromRsaPublicPem = TokenVerificationKey.Load(dir.Write("rsapub.pem", TestKeys.Rsa.ExportRSAPublicKeyPem()));
        using var fromCertificate = TokenVerificationKey.Load(dir.Write("cert.pem", certificate.ExportCertificatePem()));
        using var fromHexFile = TokenVerificationKey.Load(dir.Write("pub.hex", publicHex));
        using var fromInline = TokenVerificationKey.Load(publicHex.ToUpperInvariant());

        using var rsaSigner = TokenSigningKey.FromRsa(TestKeys.Rsa);
        var rsaSignature = rsaSigner.Sign(Data);
        Assert.True(fromPublicPem.Verify(JwsAlgorithm.RS256, Data, rsaSignature));
        Assert.True(fromRsaPublicPem.Verify(JwsAlgorithm.RS256, Data, rsaSignature));
        Assert.True(fromCertificate.Verify(JwsAlgorithm.RS256, Data, rsaSignature));

        using var edSigner = TokenSigningKey.FromEd25519Seed(seed);
        var edSignature = edSigner.Sign(Data);
        Assert.True(fromHexFile.Verify(JwsAlgorithm.EdDSA, Data, edSignature));
        Assert.True(fromInline.Verify(JwsAlgorithm.EdDSA, Data, edSignature));
        Assert.Equal(publicHex, fromInline.Ed25519PublicKeyHex);
    }

    [Theory]
    [InlineData("nonexistent-and-not-hex")]
    [InlineData("abcdef")]
    public void Refuses_a_verify_key_that_is_neither_a_file_nor_inline_hex(string value)
    {
        var e = Assert.Throws<TokenException>(() => TokenVerificationKey.Load(value));
        Assert.Equal(TokenError.InvalidKey, e.Error);
    }

    [Fact]
    public void Refuses_a_private_key_pem_as_verify_key()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<TokenException>(() => TokenVerificationKey.Load(dir.Write("key.pem", TestKeys.Rsa.ExportRSAPrivateKeyPem())));
        Assert.Equal(TokenError.InvalidKey, e.Error);
        Assert.Contains("RSA PRIVATE KEY", e.Message);
    }
}
