using System.Net;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

public sealed class ClusterPeerVerifierTests
{
    private static X509Certificate2 Member(CertificateAuthority ca) =>
        X509Certificate2.CreateFromPem(ca.IssueMember("member1", ["localhost"], [IPAddress.Loopback], TimeSpan.FromDays(1)).CertificatePem);

    [Fact]
    public void Accepts_a_member_certificate_from_the_cluster_ca()
    {
        using var verifier = new ClusterPeerVerifier(TestPki.EcCa.CertificatePem);
        using var peer = Member(TestPki.EcCa);
        Assert.Null(verifier.Reject(peer));
    }

    [Fact]
    public void Refuses_a_member_certificate_from_another_ca()
    {
        using var verifier = new ClusterPeerVerifier(TestPki.EcCa.CertificatePem);
        using var peer = Member(TestPki.RsaCa);
        Assert.StartsWith($"certificate CN=member1, OU={MemberCertificate.OrganizationalUnit} issued by {TestPki.RsaCa.Subject} does not chain to the cluster CA", verifier.Reject(peer));
    }

    [Fact]
    public void Refuses_a_node_certificate_from_the_cluster_ca()
    {
        // A provisioned machine holds a leaf from the same CA, with the same usages: it is still no member.
        using var verifier = new ClusterPeerVerifier(TestPki.EcCa.CertificatePem);
        using var node = X509Certificate2.CreateFromPem(TestPki.EcCa.Sign(TestPki.EcCsr.CsrPem, TestPki.Identity, TimeSpan.FromDays(1)).CertificatePem);
        Assert.Equal($"certificate CN={TestPki.Identity} is not a member certificate (OU={MemberCertificate.OrganizationalUnit} missing)", verifier.Reject(node));
    }

    [Fact]
    public void Refuses_a_peer_without_a_certificate()
    {
        using var verifier = new ClusterPeerVerifier(TestPki.EcCa.CertificatePem);
        Assert.Equal("the peer presented no certificate", verifier.Reject(null));
    }

    [Fact]
    public void Accepts_members_of_every_ca_in_the_bundle()
    {
        using var verifier = new ClusterPeerVerifier(TestPki.EcCa.CertificatePem + "\n" + TestPki.RsaCa.CertificatePem);
        using var fromEc = Member(TestPki.EcCa);
        using var fromRsa = Member(TestPki.RsaCa);
        Assert.Null(verifier.Reject(fromEc));
        Assert.Null(verifier.Reject(fromRsa));
    }

    [Fact]
    public void Refuses_a_trust_file_without_a_ca_certificate()
    {
        Assert.Equal("no CA certificate found (expected a PEM CERTIFICATE block)", Assert.Throws<PkiException>(() => new ClusterPeerVerifier("")).Message);
        var leafPem = TestPki.EcCa.IssueMember("m", ["m"], [], TimeSpan.FromDays(1)).CertificatePem;
        Assert.Equal($"CN=m, OU={MemberCertificate.OrganizationalUnit} is not a CA certificate (basic constraints CA is not set)",
            Assert.Throws<PkiException>(() => new ClusterPeerVerifier(leafPem)).Message);
    }
}
