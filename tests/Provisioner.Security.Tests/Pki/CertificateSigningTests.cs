using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

public class CertificateSigningTests
{
    public static TheoryData<PkiKeyAlgorithm, PkiKeyAlgorithm> CaAndCsrKeys => new()
    {
        { PkiKeyAlgorithm.Rsa2048, PkiKeyAlgorithm.Rsa2048 },
        { PkiKeyAlgorithm.Rsa2048, PkiKeyAlgorithm.EcdsaP256 },
        { PkiKeyAlgorithm.EcdsaP256, PkiKeyAlgorithm.Rsa2048 },
        { PkiKeyAlgorithm.EcdsaP256, PkiKeyAlgorithm.EcdsaP256 },
    };

    [Theory]
    [MemberData(nameof(CaAndCsrKeys))]
    public void Signed_certificate_chains_to_the_ca(PkiKeyAlgorithm caKey, PkiKeyAlgorithm csrKey)
    {
        var ca = TestPki.Ca(caKey);

        var signed = ca.Sign(TestPki.Csr(csrKey).CsrPem, TestPki.Identity, TimeSpan.FromDays(30));

        Assert.True(Chain.Builds(signed.CertificatePem, ca));
        Assert.False(Chain.Builds(signed.CertificatePem, TestPki.Ca(caKey == PkiKeyAlgorithm.Rsa2048 ? PkiKeyAlgorithm.EcdsaP256 : PkiKeyAlgorithm.Rsa2048)));
    }

    [Theory]
    [MemberData(nameof(CaAndCsrKeys))]
    public void Signed_certificate_is_a_leaf_for_the_identity(PkiKeyAlgorithm caKey, PkiKeyAlgorithm csrKey)
    {
        var ca = TestPki.Ca(caKey);
        var csr = TestPki.Csr(csrKey);

        var signed = ca.Sign(csr.CsrPem, TestPki.Identity, TimeSpan.FromDays(30));
        using var leaf = X509Certificate2.CreateFromPem(signed.CertificatePem);

        Assert.Equal($"CN={TestPki.Identity}", leaf.Subject);
        Assert.Equal(ca.Subject, leaf.Issuer);
        Assert.Equal([TestPki.Identity], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        var usages = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"], usages);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var authorityKeyId = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier;
        var caKeyId = ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        Assert.True(authorityKeyId.HasValue);
        Assert.Equal(caKeyId.ToArray(), authorityKeyId.Value.ToArray());
        Assert.Equal(PublicKeyOf(csr.CsrPem), leaf.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Serial_is_positive_random_and_reported()
    {
        var signed = Enumerable.Range(0, 20)
            .Select(_ => TestPki.EcCa.Sign(TestPki.EcCsr.CsrPem, TestPki.Identity, TimeSpan.FromDays(1)))
            .ToArray();

        Assert.Equal(20, signed.Select(s => s.SerialHex).Distinct().Count());
        foreach (var certificate in signed)
        {
            using var leaf = X509Certificate2.CreateFromPem(certificate.CertificatePem);
            Assert.Equal(leaf.SerialNumber, certificate.SerialHex);
            Assert.Equal(32, certificate.SerialHex.Length);
            Assert.InRange(Convert.FromHexString(certificate.SerialHex)[0], (byte)0x40, (byte)0x7F);
        }
    }

    [Fact]
    public void Expiry_follows_the_validity_asked_for()
    {
        var before = DateTimeOffset.UtcNow;

        var signed = TestPki.EcCa.Sign(TestPki.EcCsr.CsrPem, TestPki.Identity, TimeSpan.FromDays(30));

        Assert.InRange(signed.NotAfter, before.AddDays(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(30).AddSeconds(1));
    }

    [Fact]
    public void Expiry_is_capped_at_the_ca_expiry()
    {
        using var shortLived = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, validity: TimeSpan.FromDays(10));

        var signed = shortLived.Sign(TestPki.EcCsr.CsrPem, TestPki.Identity, TimeSpan.FromDays(365));

        Assert.Equal(shortLived.NotAfter, signed.NotAfter);
        Assert.True(Chain.Builds(signed.CertificatePem, shortLived));
    }

    [Fact]
    public void Refuses_a_csr_that_does_not_parse()
    {
        var error = Assert.Throws<PkiException>(() => TestPki.EcCa.Sign("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", TestPki.Identity, TimeSpan.FromDays(1)));

        Assert.StartsWith("could not parse CSR", error.Message);
    }

    [Fact]
    public void Refuses_a_csr_hiding_a_second_common_name_in_a_multi_valued_rdn()
    {
        var csr = CraftedCsrs.HiddenCommonName(TestPki.Identity, "admin.privileged.choria");

        var error = Assert.Throws<PkiException>(() => TestPki.EcCa.Sign(csr, TestPki.Identity, TimeSpan.FromDays(1)));

        Assert.Equal("CSR subject O=x + CN=admin.privileged.choria, CN=n1.example.net has a multi-valued RDN; each RDN must hold one attribute", error.Message);
    }

    [Fact]
    public void Refuses_a_csr_with_two_common_names()
    {
        var error = Assert.Throws<PkiException>(() => TestPki.EcCa.Sign(CraftedCsrs.CommonNames(TestPki.Identity, "n2.example.net"), TestPki.Identity, TimeSpan.FromDays(1)));

        Assert.Equal("CSR has 2 common names, expected one", error.Message);
    }

    [Fact]
    public void Refuses_a_csr_asking_for_an_alternative_name_other_than_the_identity()
    {
        var csr = CraftedCsrs.WithAlternativeNames(TestPki.Identity, n => n.AddDnsName("admin.privileged.choria"));

        var error = Assert.Throws<PkiException>(() => TestPki.EcCa.Sign(csr, TestPki.Identity, TimeSpan.FromDays(1)));

        Assert.Equal("subject alternative name DNS:admin.privileged.choria is not the identity n1.example.net", error.Message);
    }

    [Fact]
    public void Refuses_a_csr_for_another_identity()
    {
        var error = Assert.Throws<PkiException>(() => TestPki.EcCa.Sign(TestPki.EcCsr.CsrPem, "n2.example.net", TimeSpan.FromDays(1)));

        Assert.Equal("common name n1.example.net does not match identity n2.example.net", error.Message);
    }

    [Fact]
    public void Refuses_a_non_positive_validity()
    {
        Assert.Throws<PkiException>(() => TestPki.EcCa.Sign(TestPki.EcCsr.CsrPem, TestPki.Identity, TimeSpan.Zero));
    }

    private static byte[] PublicKeyOf(string csrPem) =>
        CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256).PublicKey.ExportSubjectPublicKeyInfo();
}
