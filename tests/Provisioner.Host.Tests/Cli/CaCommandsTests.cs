using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Host.Cli;
using Provisioner.Security.Pki;
using Xunit;

namespace Provisioner.Host.Tests.Cli;

// File modes are a Unix concern; the suite runs on Linux.
[UnsupportedOSPlatform("windows")]
public sealed class CaCommandsTests : IDisposable
{
    private const string Identity = "n1.example.net";
    private readonly string _directory = Directory.CreateTempSubdirectory("ca-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string CaDir => Path.Combine(_directory, "ca");

    [Fact]
    public async Task Init_writes_the_ca_with_a_private_key_file_and_describes_it()
    {
        var (code, output, _) = await Run("ca", "init", "--out", CaDir, "--key", "ec", "--cn", "Fleet CA");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(CaDir, "ca.key")));
        using var ca = CertificateAuthority.Load(CaDir);
        Assert.Equal("CN=Fleet CA", ca.Subject);
        Assert.Equal(PkiKeyAlgorithm.EcdsaP256, ca.KeyAlgorithm);
        Assert.Contains("subject:     CN=Fleet CA", output);
        Assert.Contains("key:         ecdsa-p256", output);
        Assert.Contains($"fingerprint: SHA256 {ca.FingerprintSha256}", output);
        Assert.Contains($"not after:   {ca.NotAfter:yyyy-MM-ddTHH:mm:ssZ}", output);
        Assert.DoesNotContain("PRIVATE KEY", output);
    }

    [Fact]
    public async Task Init_makes_an_rsa_ca_named_provisioner_ca_by_default()
    {
        var (code, output, _) = await Run("ca", "init", "--out", CaDir);

        Assert.Equal(ExitCodes.Ok, code);
        using var ca = CertificateAuthority.Load(CaDir);
        Assert.Equal(PkiKeyAlgorithm.Rsa2048, ca.KeyAlgorithm);
        Assert.Equal("CN=Provisioner CA", ca.Subject);
        Assert.Contains("key:         rsa-2048", output);
    }

    [Fact]
    public async Task Init_refuses_to_overwrite_without_force()
    {
        await Run("ca", "init", "--out", CaDir, "--key", "ec");
        var before = File.ReadAllText(Path.Combine(CaDir, "ca.pem"));

        var (code, _, error) = await Run("ca", "init", "--out", CaDir, "--key", "ec");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Contains("--force", error);
        Assert.Equal(before, File.ReadAllText(Path.Combine(CaDir, "ca.pem")));
    }

    [Fact]
    public async Task Init_replaces_the_ca_with_force()
    {
        await Run("ca", "init", "--out", CaDir, "--key", "ec");
        var before = File.ReadAllText(Path.Combine(CaDir, "ca.pem"));

        var (code, _, _) = await Run("ca", "init", "--out", CaDir, "--key", "ec", "--force");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(CaDir, "ca.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(CaDir, "ca.key")));
    }

    [Fact]
    public async Task Init_rejects_an_unknown_key_type()
    {
        var (code, _, error) = await Run("ca", "init", "--out", CaDir, "--key", "dsa");

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Contains("dsa", error);
        Assert.False(Directory.Exists(CaDir));
    }

    [Fact]
    public async Task Sign_writes_a_certificate_that_chains_to_the_ca()
    {
        await Run("ca", "init", "--out", CaDir, "--key", "ec");
        var csr = WriteCsr(Identity);
        var certificate = Path.Combine(_directory, "n1.pem");

        var (code, output, error) = await Run("ca", "sign", "--ca", CaDir, "--csr", csr, "--identity", Identity, "--out", certificate);

        Assert.True(code == ExitCodes.Ok, error);
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(certificate));
        Assert.Equal($"CN={Identity}", leaf.Subject);
        Assert.Contains($"serial {leaf.SerialNumber}", output);
        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(CaDir, "ca.pem")));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf));
    }

    [Fact]
    public async Task Sign_prints_the_certificate_without_out()
    {
        await Run("ca", "init", "--out", CaDir, "--key", "ec");

        var (code, output, _) = await Run("ca", "sign", "--ca", CaDir, "--csr", WriteCsr(Identity), "--identity", Identity);

        Assert.Equal(ExitCodes.Ok, code);
        using var leaf = X509Certificate2.CreateFromPem(output);
        Assert.Equal($"CN={Identity}", leaf.Subject);
    }

    [Fact]
    public async Task Sign_rejects_a_csr_for_another_identity()
    {
        await Run("ca", "init", "--out", CaDir, "--key", "ec");
        var certificate = Path.Combine(_directory, "n2.pem");

        var (code, _, error) = await Run("ca", "sign", "--ca", CaDir, "--csr", WriteCsr(Identity), "--identity", "n2.example.net", "--out", certificate);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("common name n1.example.net does not match identity n2.example.net", error);
        Assert.False(File.Exists(certificate));
    }

    [Fact]
    public async Task Sign_refuses_an_identity_that_breaks_the_identity_rule_even_when_the_csr_names_it()
    {
        await Run("ca", "init", "--out", CaDir, "--key", "ec");
        var certificate = Path.Combine(_directory, "bad.pem");

        var (code, _, error) = await Run("ca", "sign", "--ca", CaDir, "--csr", WriteCsr("n1:4222"), "--identity", "n1:4222", "--out", certificate);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Contains("--identity: identity 'n1:4222' has the character ':'; only letters, digits, '-', '_' and '.' are allowed", error);
        Assert.False(File.Exists(certificate));
    }

    [Fact]
    public async Task Sign_rejects_a_denied_name()
    {
        await Run("ca", "init", "--out", CaDir, "--key", "ec");

        var (code, _, error) = await Run("ca", "sign", "--ca", CaDir, "--csr", WriteCsr("evil.privileged.choria"), "--identity", "evil.privileged.choria");

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("evil.privileged.choria matches denied certificate pattern", error);
    }

    [Fact]
    public async Task Sign_reports_a_missing_ca_as_an_io_error()
    {
        var (code, _, error) = await Run("ca", "sign", "--ca", CaDir, "--csr", WriteCsr(Identity), "--identity", Identity);

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public async Task Sign_requires_an_identity()
    {
        var (code, _, error) = await Run("ca", "sign", "--ca", CaDir, "--csr", WriteCsr(Identity));

        Assert.Equal(ExitCodes.UsageOrIo, code);
        Assert.Contains("--identity", error);
    }

    private string WriteCsr(string commonName)
    {
        var path = Path.Combine(_directory, $"{commonName}.csr");
        File.WriteAllText(path, CsrFactory.Create(new CsrSubject(commonName), PkiKeyAlgorithm.EcdsaP256).CsrPem);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ProvisionerCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
