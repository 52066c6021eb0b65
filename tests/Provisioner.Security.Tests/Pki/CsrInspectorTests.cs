using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;
using Provisioner.Testing;
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
    public void An_empty_deny_list_means_the_default_list_as_in_choria()
    {
        var csr = CsrFactory.Create(new CsrSubject("n1.privileged.choria"), PkiKeyAlgorithm.EcdsaP256);

        var result = new CsrInspector([]).Inspect(csr.CsrPem, "n1.privileged.choria");

        Assert.Equal(new CsrInspection.Rejected("n1.privileged.choria matches denied certificate pattern"), result);
        Assert.Equal(CsrInspector.DefaultDenyList, new CsrInspector([]).DenyPatterns);
    }

    [Fact]
    public void Accepts_a_csr_whose_only_alternative_name_is_the_identity()
    {
        var csr = CraftedCsrs.WithAlternativeNames(TestPki.Identity, n => n.AddDnsName(TestPki.Identity));

        var accepted = Assert.IsType<CsrInspection.Accepted>(_inspector.Inspect(csr, TestPki.Identity));

        Assert.Equal([TestPki.Identity], accepted.DnsNames);
    }

    [Fact]
    public void Rejects_a_second_common_name_hidden_in_a_multi_valued_rdn()
    {
        var csr = CraftedCsrs.HiddenCommonName(TestPki.Identity, "admin.privileged.choria");

        var result = _inspector.Inspect(csr, TestPki.Identity);

        Assert.Equal(new CsrInspection.Rejected(
            "CSR subject O=x + CN=admin.privileged.choria, CN=n1.example.net has a multi-valued RDN; each RDN must hold one attribute"), result);
    }

    [Fact]
    public void Rejects_a_multi_valued_rdn_even_around_the_one_common_name()
    {
        var result = _inspector.Inspect(CraftedCsrs.MultiValuedCommonName(TestPki.Identity), TestPki.Identity);

        Assert.Equal(new CsrInspection.Rejected("CSR subject O=x + CN=n1.example.net has a multi-valued RDN; each RDN must hold one attribute"), result);
    }

    [Theory]
    [InlineData("n1.example.net", "admin.privileged.choria")]
    [InlineData("admin.privileged.choria", "n1.example.net")]
    [InlineData("n1.example.net", "n1.example.net")]
    public void Rejects_a_subject_with_two_common_names(string first, string second)
    {
        var result = _inspector.Inspect(CraftedCsrs.CommonNames(first, second), TestPki.Identity);

        Assert.Equal(new CsrInspection.Rejected("CSR has 2 common names, expected one"), result);
    }

    public static TheoryData<string, Action<SubjectAlternativeNameBuilder>> OtherAlternativeNames => new()
    {
        { "DNS:admin.privileged.choria", n => n.AddDnsName("admin.privileged.choria") },
        { "DNS:n2.example.net", n => n.AddDnsName("n2.example.net") },
        { "IP:10.0.0.1", n => n.AddIpAddress(System.Net.IPAddress.Parse("10.0.0.1")) },
        { "email:root@n1.example.net", n => n.AddEmailAddress("root@n1.example.net") },
        { "URI:spiffe://choria/admin", n => n.AddUri(new Uri("spiffe://choria/admin")) },
        { "otherName", n => n.AddUserPrincipalName("admin@example.net") },
    };

    [Theory]
    [MemberData(nameof(OtherAlternativeNames))]
    public void Rejects_an_alternative_name_other_than_the_identity(string described, Action<SubjectAlternativeNameBuilder> names)
    {
        var csr = CraftedCsrs.WithAlternativeNames(TestPki.Identity, n =>
        {
            n.AddDnsName(TestPki.Identity);
            names(n);
        });

        var result = _inspector.Inspect(csr, TestPki.Identity);

        Assert.Equal(new CsrInspection.Rejected($"subject alternative name {described} is not the identity n1.example.net"), result);
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
}
