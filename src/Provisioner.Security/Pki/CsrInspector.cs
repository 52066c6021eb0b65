using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Provisioner.Security.Pki;

/// <summary>
/// Checks a <c>gencsr</c> reply before it reaches the helper or the CA, as Choria's provisioner does: the CSR
/// must parse (here also: its signature must verify), its CN must equal the node's identity, and neither the
/// CN nor any DNS SAN may match a <c>cert_deny_list</c> pattern.
/// </summary>
public sealed class CsrInspector
{
    private const string CommonNameOid = "2.5.4.3";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Regex> _denied;

    /// <summary>Choria's default <c>cert_deny_list</c>: names that would claim privileged or broker identities.</summary>
    public static readonly IReadOnlyList<string> DefaultDenyList =
        [@"\.privileged.mcollective$", @"\.privileged.choria$", @"\.mcollective$", @"\.choria$"];

    /// <summary>Builds an inspector over <paramref name="denyList"/> (default <see cref="DefaultDenyList"/>); <c>/…/</c> around a pattern is stripped.</summary>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression.</exception>
    public CsrInspector(IEnumerable<string>? denyList = null)
    {
        _denied = (denyList ?? DefaultDenyList).Select(Compile).ToArray();
        DenyPatterns = _denied.Select(r => r.ToString()).ToArray();
    }

    /// <summary>The deny patterns in effect, slashes stripped.</summary>
    public IReadOnlyList<string> DenyPatterns { get; }

    public CsrInspection Inspect(string csrPem, string identity)
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
        var commonNames = request.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
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
        var dnsNames = request.CertificateExtensions
            .Where(e => e.Oid?.Value == "2.5.29.17")
            .SelectMany(e => new X509SubjectAlternativeNameExtension(e.RawData, e.Critical).EnumerateDnsNames())
            .ToArray();
        foreach (var name in dnsNames.Prepend(commonName))
        {
            if (IsDenied(name))
            {
                return new CsrInspection.Rejected($"{name} matches denied certificate pattern");
            }
        }
        return new CsrInspection.Accepted(commonName, dnsNames);
    }

    /// <summary>True when <paramref name="name"/> matches a deny pattern.</summary>
    public bool IsDenied(string name) => _denied.Any(r => r.IsMatch(name));

    private static Regex Compile(string pattern)
    {
        var body = pattern.Length >= 2 && pattern.StartsWith('/') && pattern.EndsWith('/') ? pattern[1..^1] : pattern;
        try
        {
            return new Regex(body, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"cert_deny_list pattern {pattern} is not a valid regular expression: {e.Message}", nameof(pattern), e);
        }
    }
}
