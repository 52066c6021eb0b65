using System.Text.RegularExpressions;

namespace Provisioner.Security.Pki;

/// <summary>
/// Checks a <c>gencsr</c> reply before it reaches the helper or the CA, as Choria's provisioner does: the CSR
/// must parse (here also: its signature must verify), its names must pass <see cref="CsrNameRule"/> (stricter
/// than Choria: one CN, the identity, and no other name anywhere), and the name may not match a
/// <c>cert_deny_list</c> pattern.
/// </summary>
public sealed class CsrInspector
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Regex> _denied;

    /// <summary>Choria's default <c>cert_deny_list</c>: names that would claim privileged or broker identities.</summary>
    public static readonly IReadOnlyList<string> DefaultDenyList =
        [@"\.privileged.mcollective$", @"\.privileged.choria$", @"\.mcollective$", @"\.choria$"];

    /// <summary>
    /// Builds an inspector over <paramref name="denyList"/>; <c>/…/</c> around a pattern is stripped. A null or empty
    /// list means <see cref="DefaultDenyList"/>, as an empty <c>cert_deny_list</c> does in Choria: no setting ever
    /// turns the check off.
    /// </summary>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression.</exception>
    public CsrInspector(IEnumerable<string>? denyList = null)
    {
        var listed = denyList?.ToArray() ?? [];
        _denied = (listed.Length > 0 ? listed : DefaultDenyList).Select(Compile).ToArray();
        DenyPatterns = _denied.Select(r => r.ToString()).ToArray();
    }

    /// <summary>The deny patterns in effect, slashes stripped.</summary>
    public IReadOnlyList<string> DenyPatterns { get; }

    public CsrInspection Inspect(string csrPem, string identity)
    {
        var inspection = CsrNameRule.Check(csrPem, identity);
        if (inspection is not CsrInspection.Accepted accepted)
        {
            return inspection;
        }
        // The rule leaves the identity as the only name, in the CN and in any DNS SAN.
        return IsDenied(accepted.CommonName)
            ? new CsrInspection.Rejected($"{accepted.CommonName} matches denied certificate pattern")
            : accepted;
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
