using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Provisioner.Security.Pki;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// Akka.Remote's TLS for a member: it presents its member certificate on every connection, requires the peer's
/// (mutual authentication), and accepts a peer only when <see cref="ClusterPeerVerifier"/> does, on both the
/// dialling and the accepting side. Host names are not checked: members reach each other by IP as often as by name,
/// and the CA vouches for membership, not for an address.
/// </summary>
public static class ClusterTls
{
    /// <summary>The address scheme of a member with TLS on, as Akka names it.</summary>
    public const string SecureProtocol = "akka.ssl.tcp";

    /// <summary>The address scheme of a member without TLS.</summary>
    public const string PlainProtocol = "akka.tcp";

    /// <summary>Loads the files into the actor-system setup that replaces any HOCON TLS settings.</summary>
    /// <exception cref="PkiException">A file is missing or does not hold what it should; the message names the file.</exception>
    public static DotNettySslSetup Setup(ClusterTlsFiles files)
    {
        var certificate = LoadCertificate(files);
        ClusterPeerVerifier verifier;
        try
        {
            verifier = new ClusterPeerVerifier(Read(files.Ca, "ca"));
        }
        catch (PkiException e) when (e.InnerException is not IOException and not UnauthorizedAccessException)
        {
            throw new PkiException($"ca {files.Ca}: {e.Message}", e);
        }
        if (verifier.Reject(certificate) is { } reason)
        {
            throw new PkiException($"cert {files.Certificate}: this member's own certificate would be refused by its peers: {reason}");
        }
        return new DotNettySslSetup(
            certificate,
            suppressValidation: false,
            requireMutualAuthentication: true,
            validateCertificateHostname: false,
            customValidator: Validator(verifier));
    }

    /// <summary>The callback both ends of a connection run on the peer's certificate; a refusal is logged with its reason.</summary>
    public static CertificateValidationCallback Validator(ClusterPeerVerifier verifier) =>
        (X509Certificate2? certificate, X509Chain? _, string peer, SslPolicyErrors _, ILoggingAdapter log) =>
        {
            if (verifier.Reject(certificate) is not { } reason)
            {
                return true;
            }
            log.Warning("refusing cluster peer {0}: {1}", peer, reason);
            return false;
        };

    private static X509Certificate2 LoadCertificate(ClusterTlsFiles files)
    {
        var certificatePem = Read(files.Certificate, "cert");
        var keyPem = Read(files.Key, "key");
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PkiException($"cert {files.Certificate} with key {files.Key}: {e.Message}", e);
        }
    }

    private static string Read(string path, string setting)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new PkiException($"{setting} {path}: {e.Message}", e);
        }
    }
}
