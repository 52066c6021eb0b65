using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Testing;

/// <summary>
/// Validly signed CSRs with subjects and alternative names an attacker would craft. The subjects are written
/// as raw ASN.1: .NET's name builder makes one attribute per RDN only.
/// </summary>
public static class CraftedCsrs
{
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    private static readonly Lazy<ECDsa> Key = new(() => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary><c>/CN=<paramref name="identity"/>/CN=<paramref name="hidden"/>+O=x</c>: the second CN sits in a multi-valued RDN.</summary>
    public static string HiddenCommonName(string identity, string hidden) =>
        Csr(Subject([(CommonNameOid, identity)], [(CommonNameOid, hidden), (OrganizationOid, "x")]));

    /// <summary><c>/CN=<paramref name="identity"/>+O=x</c>: one CN, but in a multi-valued RDN.</summary>
    public static string MultiValuedCommonName(string identity) =>
        Csr(Subject([(CommonNameOid, identity), (OrganizationOid, "x")]));

    /// <summary>A subject of one RDN per CN, in order.</summary>
    public static string CommonNames(params string[] names)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var name in names)
        {
            builder.AddCommonName(name);
        }
        return Csr(builder.Build());
    }

    /// <summary><c>CN=<paramref name="identity"/></c> asking for the alternative names <paramref name="names"/> adds.</summary>
    public static string WithAlternativeNames(string identity, Action<SubjectAlternativeNameBuilder> names)
    {
        var builder = new SubjectAlternativeNameBuilder();
        names(builder);
        return Csr(new X500DistinguishedName($"CN={identity}"), builder.Build());
    }

    private static string Csr(X500DistinguishedName subject, X509Extension? extension = null)
    {
        var request = new CertificateRequest(subject, Key.Value, HashAlgorithmName.SHA256);
        if (extension is not null)
        {
            request.CertificateExtensions.Add(extension);
        }
        return request.CreateSigningRequestPem();
    }

    // Name ::= SEQUENCE OF RelativeDistinguishedName; RelativeDistinguishedName ::= SET OF AttributeTypeAndValue.
    private static X500DistinguishedName Subject(params (string Oid, string Value)[][] rdns)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var rdn in rdns)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value) in rdn)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                        }
                    }
                }
            }
        }
        return new X500DistinguishedName(writer.Encode());
    }
}
