using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

/// <summary>The CA encodes leaves itself (no round trip through the platform's certificate object): the bytes must be the platform's.</summary>
public class LeafEncodingTests
{
    private static readonly IssuanceKey Attempt = new(TestPki.Identity, 2, DateTimeOffset.Parse("2026-12-05T10:00:00Z"));

    [Theory]
    [InlineData(PkiKeyAlgorithm.EcdsaP256)]
    [InlineData(PkiKeyAlgorithm.Rsa2048)]
    public void An_rsa_ca_issues_to_the_byte_the_leaf_the_platform_builds_from_the_same_fields(PkiKeyAlgorithm csrKey)
    {
        var signed = TestPki.RsaCa.Sign(TestPki.Csr(csrKey).CsrPem, Attempt, TimeSpan.FromDays(30));

        // PKCS#1 v1.5 signatures are deterministic, so the platform's certificate over the same fields is the same bytes.
        var publicKey = CertificateRequest.LoadSigningRequestPem(TestPki.Csr(csrKey).CsrPem, HashAlgorithmName.SHA256).PublicKey;
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(TestPki.Identity);
        var request = new CertificateRequest(subject.Build(), publicKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(TestPki.Identity);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2"), new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(TestPki.RsaCa.Certificate, true, false));
        using var caKey = RSA.Create();
        caKey.ImportFromPem(TestPki.RsaCa.ExportPrivateKeyPem());
        using var expected = request.Create(
            TestPki.RsaCa.Certificate.SubjectName,
            X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            Attempt.IssuedAt.AddMinutes(-5),
            Attempt.IssuedAt.AddDays(30),
            Convert.FromHexString(signed.SerialHex));

        Assert.Equal(expected.ExportCertificatePem(), signed.CertificatePem);
    }

    [Fact]
    public void An_expiry_after_2049_is_encoded_so_readers_get_it_back()
    {
        using var longLived = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, validity: TimeSpan.FromDays(365 * 60));
        var asked = TimeSpan.FromDays(365 * 40);

        var signed = longLived.Sign(TestPki.EcCsr.CsrPem, Attempt, asked);

        using var leaf = X509Certificate2.CreateFromPem(signed.CertificatePem);
        Assert.Equal(Attempt.IssuedAt.Add(asked).UtcDateTime, leaf.NotAfter.ToUniversalTime());
        Assert.Equal(Attempt.IssuedAt.Add(asked), signed.NotAfter);
        Assert.True(Chain.Builds(signed.CertificatePem, longLived));
    }

    [Theory]
    [InlineData(PkiKeyAlgorithm.EcdsaP256)]
    [InlineData(PkiKeyAlgorithm.Rsa2048)]
    public void Refuses_a_csr_whose_signature_does_not_verify_even_after_signing_the_genuine_one(PkiKeyAlgorithm caKey)
    {
        var genuine = TestPki.EcCsr.CsrPem;
        TestPki.Ca(caKey).Sign(genuine, Attempt, TimeSpan.FromDays(1));
        var der = Convert.FromBase64String(genuine[PemEncoding.Find(genuine).Base64Data]);
        der[^1] ^= 0x01;

        var error = Assert.Throws<PkiException>(() => TestPki.Ca(caKey).Sign(PemEncoding.WriteString("CERTIFICATE REQUEST", der), Attempt, TimeSpan.FromDays(1)));

        Assert.StartsWith("could not parse CSR", error.Message);
    }

    [Fact]
    public void The_ca_pem_is_the_certificate_it_signs_with()
    {
        using var loaded = X509Certificate2.CreateFromPem(TestPki.EcCa.CertificatePem);

        Assert.Equal(TestPki.EcCa.Certificate.RawData, loaded.RawData);
    }
}
