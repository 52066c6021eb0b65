using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

/// <summary>One node's attempt gets one certificate, however often it is signed: the serial and validity come from the attempt.</summary>
public class SingleIssuanceTests
{
    private static readonly DateTimeOffset AcceptedAt = DateTimeOffset.Parse("2026-12-05T10:00:00.750Z");
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);
    private static readonly IssuanceKey Attempt3 = new(TestPki.Identity, 3, AcceptedAt);

    [Fact]
    public void Signing_one_attempt_again_issues_the_same_certificate_to_the_byte()
    {
        var first = TestPki.RsaCa.Sign(TestPki.EcCsr.CsrPem, Attempt3, Validity);
        var again = TestPki.RsaCa.Sign(TestPki.EcCsr.CsrPem, Attempt3, Validity);

        Assert.Equal(first.SerialHex, again.SerialHex);
        Assert.Equal(first.CertificatePem, again.CertificatePem);
    }

    [Fact]
    public void An_ecdsa_ca_signing_one_attempt_again_gives_the_same_serial_and_validity()
    {
        var first = TestPki.EcCa.Sign(TestPki.RsaCsr.CsrPem, Attempt3, Validity);
        var again = TestPki.EcCa.Sign(TestPki.RsaCsr.CsrPem, Attempt3, Validity);

        using var a = X509Certificate2.CreateFromPem(first.CertificatePem);
        using var b = X509Certificate2.CreateFromPem(again.CertificatePem);
        Assert.Equal(a.SerialNumber, b.SerialNumber);
        Assert.Equal(a.NotBefore, b.NotBefore);
        Assert.Equal(a.NotAfter, b.NotAfter);
    }

    [Fact]
    public void Validity_starts_from_the_issuance_time_not_the_clock()
    {
        var signed = TestPki.RsaCa.Sign(TestPki.EcCsr.CsrPem, Attempt3, Validity);

        using var leaf = X509Certificate2.CreateFromPem(signed.CertificatePem);
        var whole = DateTimeOffset.FromUnixTimeSeconds(AcceptedAt.ToUnixTimeSeconds());
        Assert.Equal(whole.AddMinutes(-5).UtcDateTime, leaf.NotBefore.ToUniversalTime());
        Assert.Equal(whole.Add(Validity).UtcDateTime, leaf.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Another_attempt_identity_csr_or_ca_gets_another_serial()
    {
        var serial = TestPki.RsaCa.Sign(TestPki.EcCsr.CsrPem, Attempt3, Validity).SerialHex;

        Assert.NotEqual(serial, TestPki.RsaCa.Sign(TestPki.EcCsr.CsrPem, Attempt3 with { Attempt = 4 }, Validity).SerialHex);
        Assert.NotEqual(serial, TestPki.RsaCa.Sign(TestPki.RsaCsr.CsrPem, Attempt3, Validity).SerialHex);
        Assert.NotEqual(serial, TestPki.EcCa.Sign(TestPki.EcCsr.CsrPem, Attempt3, Validity).SerialHex);
        var other = CsrFactory.Create(new CsrSubject("n2.example.net"), PkiKeyAlgorithm.EcdsaP256);
        Assert.NotEqual(serial, TestPki.RsaCa.Sign(other.CsrPem, Attempt3 with { Identity = "n2.example.net" }, Validity).SerialHex);
    }

    [Fact]
    public void A_ca_loaded_from_its_files_derives_the_same_serials()
    {
        using var reloaded = CertificateAuthority.FromPem(TestPki.RsaCa.CertificatePem, TestPki.RsaCa.ExportPrivateKeyPem());

        Assert.Equal(
            TestPki.RsaCa.Sign(TestPki.EcCsr.CsrPem, Attempt3, Validity).SerialHex,
            reloaded.Sign(TestPki.EcCsr.CsrPem, Attempt3, Validity).SerialHex);
    }

    [Fact]
    public void Serials_are_positive_sixteen_byte_integers()
    {
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var serial = Convert.FromHexString(TestPki.RsaCa.Sign(TestPki.EcCsr.CsrPem, Attempt3 with { Attempt = attempt }, Validity).SerialHex);
            Assert.Equal(16, serial.Length);
            Assert.Equal(0x40, serial[0] & 0xC0);
        }
    }
}
