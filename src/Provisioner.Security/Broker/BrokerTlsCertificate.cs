using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Security.Broker;

/// <summary>
/// A self-signed P-256 server certificate for the broker's listener. Machines in provisioning mode
/// connect with anonymous TLS and do not verify it (as in Choria): it gives them encryption, and the
/// credentials give authentication.
/// </summary>
public static class BrokerTlsCertificate
{
    /// <summary>Certificate and PKCS#8 key as PEM, valid for <paramref name="validity"/> for the given DNS names and addresses.</summary>
    public static (string CertificatePem, string KeyPem) Create(IEnumerable<string> names, DateTimeOffset now, TimeSpan validity)
    {
        var list = names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("tls names: at least one host name or address is required", nameof(names));
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={list[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in list)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
