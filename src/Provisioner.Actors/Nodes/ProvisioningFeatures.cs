namespace Provisioner.Actors.Nodes;

/// <summary>
/// Which of Choria's provisioner <c>features</c> are on; they decide which steps an attempt runs
/// (<see cref="NodeDecisions.NextStep"/>). <c>jwt</c> fetches and verifies the node's provisioning token, <c>ed25519</c>
/// proves its Ed25519 key and issues its server JWT, <c>pki</c> takes its CSR. Inventory, signing (the helper or our
/// CA), configure and restart always run, as in Choria.
/// </summary>
public sealed record ProvisioningFeatures(bool Jwt, bool Pki, bool Ed25519, bool Upgrades = false)
{
    /// <summary>The names <c>provisioner.features</c> may list, as Choria's <c>features</c> map spells them.</summary>
    public static readonly IReadOnlyList<string> Names = ["jwt", "pki", "ed25519", "upgrades"];

    /// <summary>
    /// Our default profile: every step, x509 and Ed25519 together. Choria allows only one of <c>pki</c> and
    /// <c>ed25519</c>; a node that holds both a certificate and a server JWT is our extension.
    /// </summary>
    public static ProvisioningFeatures Ours { get; } = new(Jwt: true, Pki: true, Ed25519: true);

    /// <summary>
    /// The features named in <paramref name="names"/> by Choria's rules: <c>pki</c> and <c>ed25519</c> exclude each other
    /// unless <paramref name="pkiWithEd25519"/> (our extension), and <c>ed25519</c> turns <c>jwt</c> on. An empty list
    /// turns everything off, as Choria's defaults do.
    /// </summary>
    /// <exception cref="FormatException">A name is unknown or unsupported, or the list breaks a rule; the message says which.</exception>
    public static ProvisioningFeatures Parse(IEnumerable<string> names, bool pkiWithEd25519)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in names)
        {
            var name = raw.Trim().ToLowerInvariant();
            if (!Names.Contains(name))
            {
                throw new FormatException($"unknown feature '{raw}'; known features: {string.Join(", ", Names)}");
            }
            listed.Add(name);
        }
        var pki = listed.Contains("pki");
        var ed25519 = listed.Contains("ed25519");
        if (pki && ed25519 && !pkiWithEd25519)
        {
            throw new FormatException("can only enable one of pki or ed25519 features");
        }
        return new ProvisioningFeatures(Jwt: ed25519 || listed.Contains("jwt"), Pki: pki, Ed25519: ed25519, Upgrades: listed.Contains("upgrades"));
    }

    public override string ToString() =>
        string.Join(",", new[] { Jwt ? "jwt" : null, Pki ? "pki" : null, Ed25519 ? "ed25519" : null, Upgrades ? "upgrades" : null }.OfType<string>()) is { Length: > 0 } on ? on : "none";
}
