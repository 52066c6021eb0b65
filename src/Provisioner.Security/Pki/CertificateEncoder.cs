using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Security.Pki;

/// <summary>
/// Encodes and signs an X.509 v3 certificate (RFC 5280 §4.1) to DER, as <c>CertificateRequest.Create</c> does, but
/// without loading the result back into an <see cref="X509Certificate2"/>: with OpenSSL 3.0 that load decodes the
/// leaf's public key through the provider decoders and costs several times the signature itself, for an object
/// the CA only exports again.
/// </summary>
internal static class CertificateEncoder
{
    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    private static readonly DateTimeOffset GeneralizedTimeFrom = new(2050, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="issuer">The issuer's subject name.</param>
    /// <param name="subject">The certificate's subject name.</param>
    /// <param name="publicKey">The key the certificate binds to the subject.</param>
    /// <param name="extensions">The extensions, in this order.</param>
    /// <param name="serial">A positive, minimally encoded big-endian integer.</param>
    /// <param name="notBefore">Whole seconds.</param>
    /// <param name="notAfter">Whole seconds.</param>
    /// <param name="generator">Names the signature algorithm and signs with the issuer's key.</param>
    public static byte[] Encode(
        X500DistinguishedName issuer,
        X500DistinguishedName subject,
        PublicKey publicKey,
        IReadOnlyList<X509Extension> extensions,
        ReadOnlySpan<byte> serial,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        X509SignatureGenerator generator)
    {
        var signatureAlgorithm = generator.GetSignatureAlgorithmIdentifier(HashAlgorithmName.SHA256);
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.WriteInteger(2); // v3
            }
            tbs.WriteInteger(serial);
            tbs.WriteEncodedValue(signatureAlgorithm);
            tbs.WriteEncodedValue(issuer.RawData);
            using (tbs.PushSequence())
            {
                WriteTime(tbs, notBefore.ToUniversalTime());
                WriteTime(tbs, notAfter.ToUniversalTime());
            }
            tbs.WriteEncodedValue(subject.RawData);
            tbs.WriteEncodedValue(publicKey.ExportSubjectPublicKeyInfo());
            // SIZE (1..MAX): without extensions the field is left out.
            if (extensions.Count > 0)
            {
                WriteExtensions(tbs, extensions);
            }
        }
        var toBeSigned = tbs.Encode();
        var signature = generator.SignData(toBeSigned, HashAlgorithmName.SHA256);
        var certificate = new AsnWriter(AsnEncodingRules.DER);
        using (certificate.PushSequence())
        {
            certificate.WriteEncodedValue(toBeSigned);
            certificate.WriteEncodedValue(signatureAlgorithm);
            certificate.WriteBitString(signature);
        }
        return certificate.Encode();
    }

    private static void WriteExtensions(AsnWriter writer, IReadOnlyList<X509Extension> extensions)
    {
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3)))
        using (writer.PushSequence())
        {
            foreach (var extension in extensions)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(extension.Oid?.Value ?? throw new ArgumentException("an extension has no OID", nameof(extensions)));
                    // DER leaves out a BOOLEAN that equals its DEFAULT (FALSE).
                    if (extension.Critical)
                    {
                        writer.WriteBoolean(true);
                    }
                    writer.WriteOctetString(extension.RawData);
                }
            }
        }
    }

    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        if (time >= GeneralizedTimeFrom)
        {
            writer.WriteGeneralizedTime(time, omitFractionalSeconds: true);
        }
        else
        {
            writer.WriteUtcTime(time);
        }
    }
}
