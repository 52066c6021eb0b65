using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Security.Pki;

/// <summary>
/// Decides whether a peer on the cluster port is a member: its certificate chains to the cluster CA alone (the
/// system's roots are not trusted), is a member certificate (<see cref="MemberCertificate.OrganizationalUnit"/>), and
/// may both dial and accept (client and server auth). Both ends of every cluster connection ask it.
/// </summary>
public sealed class ClusterPeerVerifier : IDisposable
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string OrganizationalUnitOid = "2.5.4.11";

    private readonly X509Certificate2Collection _authorities = [];

    /// <param name="caCertificatesPem">
    /// The cluster CA's certificate (PEM); more than one while members move from one CA to the next.
    /// </param>
    /// <exception cref="PkiException">The PEM holds no certificate, or one that is not a CA.</exception>
    public ClusterPeerVerifier(string caCertificatesPem)
    {
        try
        {
            _authorities.ImportFromPem(caCertificatesPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            Dispose();
            throw new PkiException($"cannot read the cluster CA certificate: {e.Message}", e);
        }
        if (_authorities.Count == 0)
        {
            throw new PkiException("no CA certificate found (expected a PEM CERTIFICATE block)");
        }
        if (_authorities.FirstOrDefault(c => c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true }) is { } notCa)
        {
            var subject = notCa.Subject;
            Dispose();
            throw new PkiException($"{subject} is not a CA certificate (basic constraints CA is not set)");
        }
    }

    /// <summary>Why <paramref name="peer"/> is not a member, or null when it is.</summary>
    public string? Reject(X509Certificate2? peer)
    {
        if (peer is null)
        {
            return "the peer presented no certificate";
        }
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (!chain.Build(peer))
            {
                var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status));
                return $"certificate {peer.Subject} issued by {peer.Issuer} does not chain to the cluster CA ({status})";
            }
            var root = chain.ChainElements[^1].Certificate;
            if (!_authorities.Any(ca => root.RawData.AsSpan().SequenceEqual(ca.RawData)))
            {
                return $"certificate {peer.Subject} chains to {root.Subject}, not to the cluster CA";
            }
        }
        if (!IsMember(peer))
        {
            return $"certificate {peer.Subject} is not a member certificate (OU={MemberCertificate.OrganizationalUnit} missing)";
        }
        var usages = peer.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToHashSet();
        if (!usages.Contains(ClientAuthOid) || !usages.Contains(ServerAuthOid))
        {
            return $"certificate {peer.Subject} lacks client or server authentication usage";
        }
        return null;
    }

    private static bool IsMember(X509Certificate2 peer) =>
        peer.SubjectName.EnumerateRelativeDistinguishedNames().Any(rdn =>
            !rdn.HasMultipleElements
            && rdn.GetSingleElementType().Value == OrganizationalUnitOid
            && rdn.GetSingleElementValue() == MemberCertificate.OrganizationalUnit);

    public void Dispose()
    {
        foreach (var ca in _authorities) ca.Dispose();
        _authorities.Clear();
    }
}
