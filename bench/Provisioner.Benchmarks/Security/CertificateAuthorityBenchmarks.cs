using BenchmarkDotNet.Attributes;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;

namespace Provisioner.Benchmarks.Security;

/// <summary>The built-in signer's work per node: an EC P-256 CSR signed into a leaf by an EC or an RSA-2048 CA.</summary>
[MemoryDiagnoser]
public class CertificateAuthorityBenchmarks
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(365);
    private readonly TimeProvider _clock = new FixedClock(SampleNode.T0);
    private CertificateAuthority _authority = null!;
    private string _csr = "";
    private IssuanceKey _issuance = null!;

    [Params(PkiKeyAlgorithm.EcdsaP256, PkiKeyAlgorithm.Rsa2048)]
    public PkiKeyAlgorithm CaKey { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _authority = CertificateAuthority.Create(CaKey, clock: _clock);
        _csr = CsrFactory.Create(new CsrSubject(SampleNode.Identity), PkiKeyAlgorithm.EcdsaP256).CsrPem;
        _issuance = new IssuanceKey(SampleNode.Identity, 1, SampleNode.T0);
    }

    [GlobalCleanup]
    public void Cleanup() => _authority.Dispose();

    [Benchmark(Description = "CertificateAuthority.Sign")]
    public SignedCertificate Sign() => _authority.Sign(_csr, SampleNode.Identity, Validity, _clock);

    /// <summary>What a member's built-in signer calls: the serial derived from the attempt (single issuance).</summary>
    [Benchmark(Description = "CertificateAuthority.Sign issuance key")]
    public SignedCertificate SignForIssuance() => _authority.Sign(_csr, _issuance, Validity);

    /// <summary>The CA's PEM, which the built-in signer puts in every node's <c>Signed</c> event.</summary>
    [Benchmark(Description = "CertificateAuthority.CertificatePem")]
    public string CertificatePem() => _authority.CertificatePem;
}
