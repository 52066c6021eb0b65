using System.Security.Cryptography.X509Certificates;
using Provisioner.Security.Pki;

namespace Provisioner.Security.Tests.Pki;

/// <summary>Builds a leaf's chain against one CA as the only trust root, as a node configured with that <c>ca.pem</c> would.</summary>
internal static class Chain
{
    public static bool Builds(string leafPem, CertificateAuthority ca)
    {
        using var leaf = X509Certificate2.CreateFromPem(leafPem);
        using var root = X509CertificateLoader.LoadCertificate(ca.Certificate.RawData);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
