using Provisioner.Security.Pki;

namespace Provisioner.Security.Tests.Pki;

/// <summary>Keys shared by the whole test assembly: RSA-2048 generation is too slow to repeat per test.</summary>
internal static class TestPki
{
    public const string Identity = "n1.example.net";

    private static readonly Lazy<CertificateAuthority> LazyRsaCa = new(() => CertificateAuthority.Create(PkiKeyAlgorithm.Rsa2048));
    private static readonly Lazy<CertificateAuthority> LazyEcCa = new(() => CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256));
    private static readonly Lazy<GeneratedCsr> LazyRsaCsr = new(() => CsrFactory.Create(new CsrSubject(Identity), PkiKeyAlgorithm.Rsa2048));
    private static readonly Lazy<GeneratedCsr> LazyEcCsr = new(() => CsrFactory.Create(new CsrSubject(Identity), PkiKeyAlgorithm.EcdsaP256));

    public static CertificateAuthority RsaCa => LazyRsaCa.Value;
    public static CertificateAuthority EcCa => LazyEcCa.Value;

    /// <summary>An RSA-2048 CSR for <see cref="Identity"/>; its private key also serves the key-wrap tests.</summary>
    public static GeneratedCsr RsaCsr => LazyRsaCsr.Value;
    public static GeneratedCsr EcCsr => LazyEcCsr.Value;

    public static CertificateAuthority Ca(PkiKeyAlgorithm algorithm) => algorithm == PkiKeyAlgorithm.Rsa2048 ? RsaCa : EcCa;
    public static GeneratedCsr Csr(PkiKeyAlgorithm algorithm) => algorithm == PkiKeyAlgorithm.Rsa2048 ? RsaCsr : EcCsr;
}
