using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Security.Pki;

/// <summary>
/// The node side of <c>gencsr</c>: a new key and a SHA-256 CSR for the subject, without SANs (as Choria).
/// RSA keys are PKCS#1 <c>RSA PRIVATE KEY</c>, EC keys SEC1 <c>EC PRIVATE KEY</c>. The RSA public key carries
/// Choria's quirk: a <c>PUBLIC KEY</c> PEM block holding PKCS#1 bytes; EC public keys are SubjectPublicKeyInfo.
/// </summary>
public static class CsrFactory
{
    public static GeneratedCsr Create(CsrSubject subject, PkiKeyAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var name = BuildName(subject);
        if (algorithm == PkiKeyAlgorithm.Rsa2048)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return new GeneratedCsr(
                request.CreateSigningRequestPem(),
                rsa.ExportRSAPrivateKeyPem(),
                PemEncoding.WriteString("PUBLIC KEY", rsa.ExportRSAPublicKey()));
        }
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecRequest = new CertificateRequest(name, ecdsa, HashAlgorithmName.SHA256);
        return new GeneratedCsr(ecRequest.CreateSigningRequestPem(), ecdsa.ExportECPrivateKeyPem(), ecdsa.ExportSubjectPublicKeyInfoPem());
    }

    private static X500DistinguishedName BuildName(CsrSubject subject)
    {
        if (string.IsNullOrWhiteSpace(subject.CommonName))
        {
            throw new PkiException("cn is empty");
        }
        var builder = new X500DistinguishedNameBuilder();
        try
        {
            // Go's pkix order: C, L, O, OU, CN.
            if (!string.IsNullOrEmpty(subject.Country))
            {
                builder.AddCountryOrRegion(subject.Country);
            }
            if (!string.IsNullOrEmpty(subject.Locality))
            {
                builder.AddLocalityName(subject.Locality);
            }
            if (!string.IsNullOrEmpty(subject.Organization))
            {
                builder.AddOrganizationName(subject.Organization);
            }
            if (!string.IsNullOrEmpty(subject.OrganizationalUnit))
            {
                builder.AddOrganizationalUnitName(subject.OrganizationalUnit);
            }
        }
        catch (ArgumentException e)
        {
            throw new PkiException($"invalid CSR subject: {e.Message}", e);
        }
        builder.AddCommonName(subject.CommonName);
        return builder.Build();
    }
}
