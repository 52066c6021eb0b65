using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Security.Pki;

/// <summary>
/// The names a node may put in its CSR: a subject whose every RDN holds one attribute, exactly one common name,
/// equal to the identity, and no subject alternative name other than <c>DNS:identity</c>. Readers disagree on
/// anything else (Go's x509 keeps the last CN; a multi-valued RDN hides a CN from a reader that expects one
/// attribute per RDN), and a helper that signs the subject as it is would then issue a name nobody checked.
/// The gencsr check, the built-in CA and the helper path all apply this one rule.
/// </summary>
public static class CsrNameRule
{
    private const string CommonNameOid = "2.5.4.3";
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>Parses and verifies <paramref name="csrPem"/>, then applies the rule for <paramref name="identity"/>.</summary>
    public static CsrInspection Check(string csrPem, string identity)
    {
        CertificateRequest request;
        try
        {
            request = SigningRequestPem.LoadVerified(csrPem, withExtensions: true);
        }
        catch (PkiException e)
        {
            return new CsrInspection.Rejected(e.Message);
        }
        return Check(request, identity);
    }

    /// <summary>Applies the rule to a CSR loaded with its requested extensions.</summary>
    internal static CsrInspection Check(CertificateRequest request, string identity)
    {
        var subject = request.SubjectName;
        var rdns = subject.EnumerateRelativeDistinguishedNames().ToArray();
        if (rdns.Any(rdn => rdn.HasMultipleElements))
        {
            return new CsrInspection.Rejected($"CSR subject {subject.Name} has a multi-valued RDN; each RDN must hold one attribute");
        }
        var commonNames = rdns
            .Where(rdn => rdn.GetSingleElementType().Value == CommonNameOid)
            .Select(rdn => rdn.GetSingleElementValue() ?? "")
            .ToArray();
        if (commonNames.Length > 1)
        {
            return new CsrInspection.Rejected($"CSR has {commonNames.Length} common names, expected one");
        }
        var commonName = commonNames.FirstOrDefault() ?? "";
        if (commonName != identity)
        {
            return new CsrInspection.Rejected($"common name {commonName} does not match identity {identity}");
        }
        var dnsNames = new List<string>();
        foreach (var extension in request.CertificateExtensions.Where(e => e.Oid?.Value == SubjectAlternativeNameOid))
        {
            var problem = ReadAlternativeNames(extension.RawData, identity, dnsNames);
            if (problem is not null)
            {
                return new CsrInspection.Rejected(problem);
            }
        }
        return new CsrInspection.Accepted(commonName, dnsNames);
    }

    // GeneralNames (RFC 5280 4.2.1.6), read in full: X509SubjectAlternativeNameExtension enumerates DNS names and
    // IP addresses only, so an e-mail, URI or directory name would pass unseen.
    private static string? ReadAlternativeNames(byte[] der, string identity, List<string> dnsNames)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var names = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            if (!names.HasData)
            {
                return "CSR subject alternative name extension is empty";
            }
            while (names.HasData)
            {
                var tag = names.PeekTag();
                var name = Describe(names, tag);
                if (name != $"DNS:{identity}")
                {
                    return $"subject alternative name {name} is not the identity {identity}";
                }
                dnsNames.Add(identity);
            }
            return null;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return $"CSR subject alternative name extension does not parse: {e.Message}";
        }
    }

    private static string Describe(AsnReader names, Asn1Tag tag)
    {
        if (tag.TagClass != TagClass.ContextSpecific)
        {
            names.ReadEncodedValue();
            return $"with tag {tag}";
        }
        switch (tag.TagValue)
        {
            case 1:
                return "email:" + names.ReadCharacterString(UniversalTagNumber.IA5String, tag);
            case 2:
                return "DNS:" + names.ReadCharacterString(UniversalTagNumber.IA5String, tag);
            case 6:
                return "URI:" + names.ReadCharacterString(UniversalTagNumber.IA5String, tag);
            case 7:
                var address = names.ReadOctetString(tag);
                return "IP:" + (address.Length is 4 or 16 ? new IPAddress(address).ToString() : Convert.ToHexString(address));
            default:
                names.ReadEncodedValue();
                return tag.TagValue switch
                {
                    0 => "otherName",
                    3 => "x400Address",
                    4 => "dirName",
                    5 => "ediPartyName",
                    8 => "registeredID",
                    _ => $"with tag {tag}",
                };
        }
    }
}
