using System.CommandLine;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Pki;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner ca init</c> creates the root CA that signs node certificates; <c>provisioner ca sign</c>
/// checks a node CSR as the provisioner would and signs it; <c>provisioner ca member-cert</c> issues a cluster
/// member's certificate (<see cref="CaMemberCertCommand"/>).
/// </summary>
public static class CaCommands
{
    private const int DefaultLeafDays = 365;

    public static Command Create(CliWriters io)
    {
        var ca = new Command("ca", "Manage the x509 CA that signs node certificates (feature pki).");
        ca.Subcommands.Add(Init(io));
        ca.Subcommands.Add(Sign(io));
        ca.Subcommands.Add(CaMemberCertCommand.Create(io));
        return ca;
    }

    private static Command Init(CliWriters io)
    {
        var outDir = new Option<string>("--out") { Description = "Directory to write ca.pem and ca.key (0600) into.", Required = true };
        var key = new Option<string>("--key") { Description = "Key type: rsa (RSA-2048) or ec (ECDSA P-256).", DefaultValueFactory = _ => "rsa" };
        key.AcceptOnlyFromAmong("rsa", "ec");
        var commonName = new Option<string>("--cn") { Description = "Common name of the CA.", DefaultValueFactory = _ => CertificateAuthority.DefaultCommonName };
        var force = new Option<bool>("--force") { Description = "Replace an existing ca.pem and ca.key." };
        var command = new Command("init", "Create a self-signed root CA (valid 10 years).") { outDir, key, commonName, force };
        command.SetAction(pr =>
        {
            var directory = pr.GetValue(outDir)!;
            if (!pr.GetValue(force) && CertificateAuthority.ExistsIn(directory))
            {
                throw new UsageException($"{directory} already holds {CertificateAuthority.CertificateFileName} or {CertificateAuthority.KeyFileName}; use --force to replace them");
            }
            var algorithm = pr.GetValue(key) == "ec" ? PkiKeyAlgorithm.EcdsaP256 : PkiKeyAlgorithm.Rsa2048;
            CertificateAuthority authority;
            try
            {
                authority = CertificateAuthority.Create(algorithm, pr.GetValue(commonName)!);
            }
            catch (PkiException e)
            {
                throw new UsageException(e.Message);
            }
            using (authority)
            {
                authority.Save(directory, overwrite: true);
                io.Out.WriteLine($"wrote {Path.Combine(directory, CertificateAuthority.CertificateFileName)} and {Path.Combine(directory, CertificateAuthority.KeyFileName)} (0600)");
                io.Out.WriteLine($"subject:     {authority.Subject}");
                io.Out.WriteLine($"key:         {Describe(authority.KeyAlgorithm)}");
                io.Out.WriteLine($"fingerprint: SHA256 {authority.FingerprintSha256}");
                io.Out.WriteLine($"not after:   {authority.NotAfter:yyyy-MM-ddTHH:mm:ssZ}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Sign(CliWriters io)
    {
        var caDir = new Option<string>("--ca") { Description = "Directory holding ca.pem and ca.key.", Required = true };
        var csrFile = new Option<string>("--csr") { Description = "The node's CSR (PEM).", Required = true };
        var identity = new Option<string>("--identity") { Description = "The node identity; must be the CSR's common name.", Required = true };
        var outFile = new Option<string?>("--out") { Description = "Write the certificate here instead of standard output." };
        var days = new Option<int>("--days") { Description = "Validity of the certificate in days (capped at the CA's).", DefaultValueFactory = _ => DefaultLeafDays };
        var command = new Command("sign", "Check a node CSR (common name, deny list) and sign it with the CA.") { caDir, csrFile, identity, outFile, days };
        command.SetAction(pr =>
        {
            var validityDays = pr.GetValue(days);
            if (validityDays <= 0)
            {
                throw new UsageException("--days must be positive");
            }
            using var authority = LoadAuthority(pr.GetValue(caDir)!);
            var csrPem = File.ReadAllText(pr.GetValue(csrFile)!);
            var name = pr.GetValue(identity)!;
            if (NodeIdentity.Problem(name) is { } problem)
            {
                throw new UsageException($"--identity: {problem}");
            }
            if (new CsrInspector().Inspect(csrPem, name) is CsrInspection.Rejected rejected)
            {
                io.Error.WriteLine($"error: CSR rejected: {rejected.Reason}");
                return ExitCodes.Invalid;
            }
            SignedCertificate signed;
            try
            {
                signed = authority.Sign(csrPem, name, TimeSpan.FromDays(validityDays));
            }
            catch (PkiException e)
            {
                io.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Invalid;
            }
            var target = pr.GetValue(outFile);
            if (target is null)
            {
                io.Out.Write(signed.CertificatePem);
                io.Out.WriteLine();
            }
            else
            {
                File.WriteAllText(target, signed.CertificatePem + "\n");
                io.Out.WriteLine($"wrote {target}: CN={name}, serial {signed.SerialHex}, not after {signed.NotAfter:yyyy-MM-ddTHH:mm:ssZ}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The CA in <paramref name="directory"/>; what keeps it from loading is a usage error naming the directory.</summary>
    internal static CertificateAuthority LoadAuthority(string directory)
    {
        try
        {
            return CertificateAuthority.Load(directory);
        }
        catch (Exception e) when (e is PkiException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"CA in {directory}: {e.Message}");
        }
    }

    private static string Describe(PkiKeyAlgorithm algorithm) => algorithm == PkiKeyAlgorithm.Rsa2048 ? "rsa-2048" : "ecdsa-p256";
}
