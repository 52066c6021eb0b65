using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Security.Pki;

/// <summary>Loads a PKCS#10 CSR from PEM and checks its self-signature, turning every failure into one clear error.</summary>
internal static class SigningRequestPem
{
    /// <param name="csrPem">The CSR.</param>
    /// <param name="withExtensions">
    /// Also load the requested extensions (SANs) to inspect them; never copy them into a certificate.
    /// </param>
    public static CertificateRequest LoadVerified(string csrPem, bool withExtensions = false)
    {
        if (string.IsNullOrWhiteSpace(csrPem))
        {
            throw new PkiException("could not parse CSR: it is empty");
        }
        var options = withExtensions ? CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions : CertificateRequestLoadOptions.Default;
        var verified = VerifiedSigningRequests.Contains(csrPem);
        try
        {
            var request = CertificateRequest.LoadSigningRequestPem(
                csrPem,
                HashAlgorithmName.SHA256,
                verified ? options | CertificateRequestLoadOptions.SkipSignatureValidation : options,
                RSASignaturePadding.Pkcs1);
            if (!verified)
            {
                VerifiedSigningRequests.Add(csrPem);
            }
            return request;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new PkiException($"could not parse CSR: {e.Message}", e);
        }
    }
}
