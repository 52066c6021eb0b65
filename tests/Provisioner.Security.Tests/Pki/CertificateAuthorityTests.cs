using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Security.Tests.Pki;

// File modes are a Unix concern; the suite runs on Linux.
[UnsupportedOSPlatform("windows")]
public sealed class CertificateAuthorityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ca-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(PkiKeyAlgorithm.Rsa2048)]
    [InlineData(PkiKeyAlgorithm.EcdsaP256)]
    public void Creates_a_self_signed_root_ca_valid_ten_years(PkiKeyAlgorithm algorithm)
    {
        var ca = TestPki.Ca(algorithm);
        var certificate = ca.Certificate;

        Assert.Equal("CN=Provisioner CA", ca.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(algorithm, ca.KeyAlgorithm);
        var basicConstraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basicConstraints.CertificateAuthority);
        Assert.True(basicConstraints.Critical);
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, keyUsage.KeyUsages);
        Assert.NotEmpty(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier!);
        Assert.InRange(ca.NotAfter, DateTimeOffset.UtcNow.AddDays(3650), DateTimeOffset.UtcNow.AddDays(3653));
    }

    [Fact]
    public void Uses_the_common_name_given()
    {
        using var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, "Fleet, Inc. CA");

        Assert.Equal("Fleet, Inc. CA", ca.Certificate.GetNameInfo(X509NameType.SimpleName, false));
    }

    [Fact]
    public void Fingerprint_is_the_sha256_of_the_certificate()
    {
        var ca = TestPki.EcCa;

        var expected = Convert.ToHexString(SHA256.HashData(ca.Certificate.RawData));

        Assert.Equal(expected, ca.FingerprintSha256.Replace(":", ""));
        Assert.Equal(95, ca.FingerprintSha256.Length);
    }

    [Theory]
    [InlineData(PkiKeyAlgorithm.Rsa2048)]
    [InlineData(PkiKeyAlgorithm.EcdsaP256)]
    public void Saves_and_loads_back_with_a_private_key_file(PkiKeyAlgorithm algorithm)
    {
        var ca = TestPki.Ca(algorithm);

        ca.Save(_directory);
        using var loaded = CertificateAuthority.Load(_directory);

        Assert.Equal(ca.Certificate.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.Equal(algorithm, loaded.KeyAlgorithm);
        Assert.Contains("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(_directory, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "ca.key")));
        Assert.False(File.GetUnixFileMode(Path.Combine(_directory, "ca.pem")).HasFlag(UnixFileMode.OtherWrite));
        var signed = loaded.Sign(TestPki.EcCsr.CsrPem, TestPki.Identity, TimeSpan.FromDays(1));
        Assert.True(Chain.Builds(signed.CertificatePem, ca));
    }

    [Fact]
    public void Refuses_to_overwrite_an_existing_ca_unless_asked()
    {
        TestPki.EcCa.Save(_directory);
        using var other = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);

        Assert.Throws<IOException>(() => other.Save(_directory));
        using (var kept = CertificateAuthority.Load(_directory))
        {
            Assert.Equal(TestPki.EcCa.Certificate.Thumbprint, kept.Certificate.Thumbprint);
        }

        other.Save(_directory, overwrite: true);
        using var replaced = CertificateAuthority.Load(_directory);
        Assert.Equal(other.Certificate.Thumbprint, replaced.Certificate.Thumbprint);
    }

    [Fact]
    public void Overwriting_tightens_a_loose_key_file_mode()
    {
        var keyPath = Path.Combine(_directory, "ca.key");
        File.WriteAllText(keyPath, "old");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        TestPki.EcCa.Save(_directory, overwrite: true);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
    }

    [Fact]
    public void Refuses_a_certificate_that_is_not_a_ca()
    {
        var leaf = TestPki.EcCa.Sign(TestPki.EcCsr.CsrPem, TestPki.Identity, TimeSpan.FromDays(1));

        var error = Assert.Throws<PkiException>(() => CertificateAuthority.FromPem(leaf.CertificatePem, TestPki.EcCsr.PrivateKeyPem));

        Assert.Contains("is not a CA certificate", error.Message);
    }

    [Fact]
    public void Refuses_a_key_that_does_not_match_the_certificate()
    {
        using var other = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);

        var error = Assert.Throws<PkiException>(() => CertificateAuthority.FromPem(TestPki.EcCa.CertificatePem, other.ExportPrivateKeyPem()));

        Assert.StartsWith("cannot load CA certificate and key", error.Message);
    }

    [Fact]
    public void Reports_missing_files()
    {
        Assert.Throws<FileNotFoundException>(() => CertificateAuthority.Load(_directory));
    }

    [Fact]
    public void ToString_does_not_show_the_key()
    {
        var text = TestPki.EcCa.ToString();

        Assert.Contains("*****", text);
        Assert.DoesNotContain("PRIVATE", text);
    }
}
