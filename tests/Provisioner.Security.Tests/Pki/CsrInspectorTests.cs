using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

public class CsrInspectorTests
{
    private readonly CsrInspector _inspector = new();

    [Theory]
    [InlineData(PkiKeyAlgorithm.Rsa2048)]
    [InlineData(PkiKeyAlgorithm.EcdsaP256)]
    public void Accepts_a_csr_whose_common_name_is_the_identity(PkiKeyAlgorithm algorithm)
    {
        var result = _inspector.Inspect(TestPki.Csr(algorithm).CsrPem, TestPki.Identity);

        var accepted = Assert.IsType<CsrInspection.Accepted>(result);
        Assert.Equal(TestPki.Identity, accepted.CommonName);
        Assert.Empty(accepted.DnsNames);
    }

    [Fact]
    public void Rejects_csr_whose_common_name_differs_from_identity()
    {
        var result = _inspector.Inspect(TestPki.EcCsr.CsrPem, "n2.example.net");

        Assert.Equal(new CsrInspection.Rejected("common name n1.example.net does not match identity n2.example.net"), result);
    }

    [Theory]
    [InlineData("n1.privileged.choria")]
    [InlineData("n1.privileged.mcollective")]
    [InlineData("broker.mcollective")]
    [InlineData("n1.choria")]
    public void Rejects_a_common_name_on_the_default_deny_list(string name)
    {
        var csr = CsrFactory.Create(new CsrSubject(name), PkiKeyAlgorithm.EcdsaP256);

        var result = _inspector.Inspect(csr.CsrPem, name);

        Assert.Equal(new CsrInspection.Rejected($"{name} matches denied certificate pattern"), result);
    }

    [Fact]
    public void Rejects_a_dns_name_on_the_deny_list()
    {
        var csr = CsrWithNames(TestPki.Identity, "n1.example.net", "admin.privileged.choria");

        var result = _inspector.Inspect(csr, TestPki.Identity);

        Assert.Equal(new CsrInspection.Rejected("admin.privileged.choria matches denied certificate pattern"), result);
    }

    [Fact]
    public void Reports_the_dns_names_of_an_accepted_csr()
    {
        var csr = CsrWithNames(TestPki.Identity, "n1.example.net", "n1");

        var accepted = Assert.IsType<CsrInspection.Accepted>(_inspector.Inspect(csr, TestPki.Identity));

        Assert.Equal(["n1.example.net", "n1"], accepted.DnsNames);
    }

    [Fact]
    public void Strips_slashes_around_configured_patterns()
    {
        var inspector = new CsrInspector(["/^n1\\./"]);

        Assert.Equal(["^n1\\."], inspector.DenyPatterns);
        Assert.Equal(new CsrInspection.Rejected("n1.example.net matches denied certificate pattern"), inspector.Inspect(TestPki.EcCsr.CsrPem, TestPki.Identity));
        Assert.False(inspector.IsDenied("x.choria"));
    }

    [Fact]
    public void Refuses_an_invalid_deny_pattern()
    {
        var error = Assert.Throws<ArgumentException>(() => new CsrInspector(["(unclosed"]));

        Assert.Contains("(unclosed is not a valid regular expression", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a csr")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----")]
    public void Rejects_a_csr_that_does_not_parse(string csrPem)
    {
        var rejected = Assert.IsType<CsrInspection.Rejected>(_inspector.Inspect(csrPem, TestPki.Identity));

        Assert.StartsWith("could not parse CSR", rejected.Reason);
    }

    [Fact]
    public void Rejects_a_csr_whose_signature_does_not_verify()
    {
        var der = PemEncoding.Find(TestPki.EcCsr.CsrPem) is var fields
            ? Convert.FromBase64String(TestPki.EcCsr.CsrPem[fields.Base64Data])
            : [];
        der[^1] ^= 0x01;
        var tampered = PemEncoding.WriteString("CERTIFICATE REQUEST", der);

        var rejected = Assert.IsType<CsrInspection.Rejected>(_inspector.Inspect(tampered, TestPki.Identity));

        Assert.StartsWith("could not parse CSR", rejected.Reason);
    }

    private static string CsrWithNames(string commonName, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSigningRequestPem();
    }
}
