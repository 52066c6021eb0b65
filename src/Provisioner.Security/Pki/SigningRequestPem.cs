using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Security.Pki;

/// <summary>Loads a PKCS#10 CSR from PEM and checks its self-signature, turning every failure into one clear error.</summary>
internal static class SigningRequestPem
{
    public static CertificateRequest LoadVerified(string csrPem)
    {
        if (string.IsNullOrWhiteSpace(csrPem))
        {
            throw new PkiException("could not parse CSR: it is empty");
        }
        try
        {
            return CertificateRequest.LoadSigningRequestPem(
                csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PkiException($"could not parse CSR: {e.Message}", e);
        }
    }
}
