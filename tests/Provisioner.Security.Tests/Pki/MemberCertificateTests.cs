using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

public sealed class MemberCertificateTests
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    private static readonly Lazy<MemberCertificate> Issued = new(() =>
        TestPki.EcCa.IssueMember("member1", ["member1.example.net", "localhost"], [IPAddress.Parse("10.0.0.5"), IPAddress.Loopback], TimeSpan.FromDays(30)));

    private static X509Certificate2 Leaf() => X509Certificate2.CreateFromPem(Issued.Value.CertificatePem, Issued.Value.PrivateKeyPem);

    [Fact]
    public void Member_certificate_names_the_member_and_marks_it_as_one()
    {
        using var leaf = Leaf();
        Assert.Equal($"CN=member1, OU={MemberCertificate.OrganizationalUnit}", leaf.Subject);
        Assert.Equal(TestPki.EcCa.Subject, leaf.Issuer);
    }

    [Fact]
    public void Member_certificate_carries_the_dns_and_ip_names_it_was_issued_for()
    {
        using var leaf = Leaf();
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["member1.example.net", "localhost"], san.EnumerateDnsNames().ToList());
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Loopback], san.EnumerateIPAddresses().ToList());
    }

    [Fact]
    public void Member_certificate_may_both_dial_and_accept_and_is_no_ca()
    {
        using var leaf = Leaf();
        var usages = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        Assert.Equal([ClientAuth, ServerAuth], usages);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
    }

    [Fact]
    public void Member_certificate_chains_to_the_issuing_ca_and_no_other()
    {
        Assert.True(Chain.Builds(Issued.Value.CertificatePem, TestPki.EcCa));
        Assert.False(Chain.Builds(Issued.Value.CertificatePem, TestPki.RsaCa));
    }

    [Fact]
    public void Member_key_is_a_p256_key_that_matches_the_certificate()
    {
        using var leaf = Leaf();
        using var key = leaf.GetECDsaPrivateKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.DoesNotContain("PRIVATE KEY", Issued.Value.ToString());
    }

    [Fact]
    public void Member_certificate_needs_a_name_and_at_least_one_address()
    {
        Assert.Equal("member name is empty", Assert.Throws<PkiException>(() => TestPki.EcCa.IssueMember(" ", ["a"], [], TimeSpan.FromDays(1))).Message);
        Assert.Equal("a member certificate needs at least one DNS name or IP address",
            Assert.Throws<PkiException>(() => TestPki.EcCa.IssueMember("m", [], [], TimeSpan.FromDays(1))).Message);
    }
}
