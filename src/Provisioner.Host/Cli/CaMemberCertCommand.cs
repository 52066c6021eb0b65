using System.CommandLine;
using System.Net;
using Provisioner.Security.Files;
using Provisioner.Security.Pki;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner ca member-cert --ca DIR --name NAME [--dns NAME] [--ip ADDRESS] --out DIR</c>: issues a cluster
/// member's certificate and key from the cluster CA, and copies the CA certificate beside them, so the folder is
/// what <c>provisioner.cluster.tls { cert, key, ca }</c> points at.
/// </summary>
internal static class CaMemberCertCommand
{
    public const string CertificateFileName = "member.pem";
    public const string KeyFileName = "member.key";
    private const int DefaultDays = 365;

    public static Command Create(CliWriters io)
    {
        var caDir = new Option<string>("--ca") { Description = "Directory holding the cluster CA's ca.pem and ca.key.", Required = true };
        var name = new Option<string>("--name") { Description = "The member's name (the certificate's common name), e.g. its host name.", Required = true };
        var dns = new Option<string[]>("--dns") { Description = "A DNS name the member is reached by; repeatable (default: --name when no --ip is given either).", AllowMultipleArgumentsPerToken = false };
        var ip = new Option<string[]>("--ip") { Description = "An IP address the member is reached by; repeatable.", AllowMultipleArgumentsPerToken = false };
        var outDir = new Option<string>("--out") { Description = $"Directory to write {CertificateFileName}, {KeyFileName} (0600) and ca.pem into.", Required = true };
        var days = new Option<int>("--days") { Description = "Validity in days (capped at the CA's).", DefaultValueFactory = _ => DefaultDays };
        var force = new Option<bool>("--force") { Description = "Replace existing files." };
        var command = new Command("member-cert", "Issue a cluster member's certificate and key (mutual TLS between members).") { caDir, name, dns, ip, outDir, days, force };
        command.SetAction(pr =>
        {
            var validityDays = pr.GetValue(days);
            if (validityDays <= 0)
            {
                throw new UsageException("--days must be positive");
            }
            var addresses = (pr.GetValue(ip) ?? []).Select(text => IPAddress.TryParse(text, out var address)
                ? address
                : throw new UsageException($"--ip: '{text}' is not an IP address")).ToList();
            var memberName = pr.GetValue(name)!;
            IReadOnlyList<string> dnsNames = pr.GetValue(dns) is { Length: > 0 } given ? given : addresses.Count == 0 ? [memberName] : [];
            var directory = pr.GetValue(outDir)!;
            var targets = new[] { CertificateFileName, KeyFileName, CertificateAuthority.CertificateFileName }.Select(f => Path.Combine(directory, f)).ToList();
            if (!pr.GetValue(force) && targets.FirstOrDefault(File.Exists) is { } existing)
            {
                throw new UsageException($"{existing} already exists; use --force to replace it");
            }
            using var authority = CaCommands.LoadAuthority(pr.GetValue(caDir)!);
            MemberCertificate issued;
            try
            {
                issued = authority.IssueMember(memberName, dnsNames, addresses, TimeSpan.FromDays(validityDays));
            }
            catch (PkiException e)
            {
                throw new UsageException(e.Message);
            }
            var options = new SecretFileOptions { DirectoryMode = FileModes.PrivateDirectory };
            SecretFile.Write(targets[1], issued.PrivateKeyPem + "\n", FileModes.Secret, options);
            SecretFile.Write(targets[0], issued.CertificatePem + "\n", FileModes.Public, options);
            SecretFile.Write(targets[2], authority.CertificatePem + "\n", FileModes.Public, options);
            io.Out.WriteLine($"wrote {targets[0]}, {targets[1]} (0600) and {targets[2]}");
            io.Out.WriteLine($"subject:     CN={memberName}, OU={MemberCertificate.OrganizationalUnit}");
            io.Out.WriteLine($"names:       {string.Join(", ", dnsNames.Concat(addresses.Select(a => a.ToString())))}");
            io.Out.WriteLine($"serial:      {issued.SerialHex}");
            io.Out.WriteLine($"not after:   {issued.NotAfter:yyyy-MM-ddTHH:mm:ssZ}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
