using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

public class CsrFactoryTests
{
    [Fact]
    public void Rsa_csr_follows_choria_formats()
    {
        var csr = TestPki.RsaCsr;

        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", csr.CsrPem);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", csr.PrivateKeyPem);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", csr.PublicKeyPem);
        var request = CertificateRequest.LoadSigningRequestPem(csr.CsrPem, HashAlgorithmName.SHA256);
        using var fromRequest = request.PublicKey.GetRSAPublicKey()!;
        Assert.Equal(2048, fromRequest.KeySize);
        // The quirk: the PUBLIC KEY block holds PKCS#1 RSAPublicKey bytes, not SubjectPublicKeyInfo.
        using var quirk = RSA.Create();
        quirk.ImportRSAPublicKey(PemBody(csr.PublicKeyPem), out _);
        Assert.Equal(fromRequest.ExportRSAPublicKey(), quirk.ExportRSAPublicKey());
        using var privateKey = RSA.Create();
        privateKey.ImportFromPem(csr.PrivateKeyPem);
        Assert.Equal(fromRequest.ExportRSAPublicKey(), privateKey.ExportRSAPublicKey());
    }

    [Fact]
    public void Ec_csr_uses_sec1_and_subject_public_key_info()
    {
        var csr = TestPki.EcCsr;

        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", csr.PrivateKeyPem);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(csr.PublicKeyPem);
        using var privateKey = ECDsa.Create();
        privateKey.ImportFromPem(csr.PrivateKeyPem);
        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), privateKey.ExportSubjectPublicKeyInfo());
        var request = CertificateRequest.LoadSigningRequestPem(csr.CsrPem, HashAlgorithmName.SHA256);
        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), request.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Subject_has_the_optional_fields_but_not_the_state()
    {
        var csr = CsrFactory.Create(new CsrSubject("n1.example.net", "GB", "London", "Example", "Fleet", "Greater London"), PkiKeyAlgorithm.EcdsaP256);

        var request = CertificateRequest.LoadSigningRequestPem(csr.CsrPem, HashAlgorithmName.SHA256);

        var encoded = request.SubjectName.EnumerateRelativeDistinguishedNames()
            .Select(rdn => $"{rdn.GetSingleElementType().Value}={rdn.GetSingleElementValue()}");
        Assert.Equal(["2.5.4.6=GB", "2.5.4.7=London", "2.5.4.10=Example", "2.5.4.11=Fleet", "2.5.4.3=n1.example.net"], encoded);
    }

    [Fact]
    public void Rejects_a_country_that_is_not_two_letters()
    {
        Assert.Throws<PkiException>(() => CsrFactory.Create(new CsrSubject("n1.example.net", Country: "GBR"), PkiKeyAlgorithm.EcdsaP256));
    }

    [Fact]
    public void ToString_masks_the_private_key()
    {
        var text = TestPki.EcCsr.ToString();

        Assert.DoesNotContain("PRIVATE KEY", text);
        Assert.Contains("*****", text);
    }

    private static byte[] PemBody(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
