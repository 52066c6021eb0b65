using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Host.Cli;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

// File modes are a Unix concern; the suite runs on Linux.
[UnsupportedOSPlatform("windows")]
public sealed class CaMemberCertCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("member-cert-cli-").FullName;

    public CaMemberCertCommandTests()
    {
        using var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);
        ca.Save(CaDir);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string CaDir => Path.Combine(_directory, "ca");
    private string OutDir => Path.Combine(_directory, "member1");

    [Fact]
    public async Task Member_cert_writes_certificate_secret_key_and_ca_for_the_named_addresses()
    {
        var (code, output, error) = await Run("ca", "member-cert", "--ca", CaDir, "--name", "member1", "--dns", "member1.example.net", "--ip", "10.0.0.5", "--out", OutDir);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(OutDir, "member.key")));
        using var leaf = X509Certificate2.CreateFromPemFile(Path.Combine(OutDir, "member.pem"), Path.Combine(OutDir, "member.key"));
        Assert.Equal($"CN=member1, OU={MemberCertificate.OrganizationalUnit}", leaf.Subject);
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["member1.example.net"], san.EnumerateDnsNames().ToList());
        Assert.Equal([IPAddress.Parse("10.0.0.5")], san.EnumerateIPAddresses().ToList());
        Assert.Equal(File.ReadAllText(Path.Combine(CaDir, "ca.pem")).Trim(), File.ReadAllText(Path.Combine(OutDir, "ca.pem")).Trim());
        using var verifier = new ClusterPeerVerifier(File.ReadAllText(Path.Combine(OutDir, "ca.pem")));
        Assert.Null(verifier.Reject(leaf));
        Assert.Contains("names:       member1.example.net, 10.0.0.5", output);
        Assert.DoesNotContain("PRIVATE KEY", output);
    }

    [Fact]
    public async Task Member_cert_names_the_member_as_its_dns_name_when_no_address_is_given()
    {
        var (code, _, _) = await Run("ca", "member-cert", "--ca", CaDir, "--name", "member1", "--out", OutDir);

        Assert.Equal(ExitCodes.Ok, code);
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(OutDir, "member.pem")));
        Assert.Equal(["member1"], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList());
    }

    [Fact]
    public async Task Member_cert_refuses_a_bad_ip_and_existing_files_without_force()
    {
        var (badIp, _, badIpError) = await Run("ca", "member-cert", "--ca", CaDir, "--name", "m", "--ip", "not-an-ip", "--out", OutDir);
        Assert.Equal(ExitCodes.UsageOrIo, badIp);
        Assert.Equal("error: --ip: 'not-an-ip' is not an IP address", badIpError.Trim());

        await Run("ca", "member-cert", "--ca", CaDir, "--name", "m", "--out", OutDir);
        var key = File.ReadAllText(Path.Combine(OutDir, "member.key"));
        var (again, _, againError) = await Run("ca", "member-cert", "--ca", CaDir, "--name", "m", "--out", OutDir);
        Assert.Equal(ExitCodes.UsageOrIo, again);
        Assert.Contains("use --force to replace it", againError);
        Assert.Equal(key, File.ReadAllText(Path.Combine(OutDir, "member.key")));
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
