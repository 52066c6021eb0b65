using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Provisioner.Security.Pki;

namespace Provisioner.Benchmarks.Security;

/// <summary>
/// The parts of <see cref="CertificateAuthority.Sign(string,string,TimeSpan,TimeProvider?)"/> with an EC P-256 CA,
/// each alone on the platform API, to show where a leaf's cost goes beyond the one ECDSA signature.
/// </summary>
[MemoryDiagnoser]
public class CertificateSigningPartsBenchmarks
{
    private ECDsa _caKey = null!;
    private X509Certificate2 _caCertificate = null!;
    private X509SignatureGenerator _generator = null!;
    private string _csr = "";
    private CertificateRequest _request = null!;
    private byte[] _tbs = [];
    private readonly byte[] _serial = RandomNumberGenerator.GetBytes(16);

    [GlobalSetup]
    public void Setup()
    {
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Parts CA", _caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        _caCertificate = caRequest.CreateSelfSigned(SampleNode.T0, SampleNode.T0.AddYears(10));
        _generator = X509SignatureGenerator.CreateForECDsa(_caKey);
        _csr = CsrFactory.Create(new CsrSubject(SampleNode.Identity), PkiKeyAlgorithm.EcdsaP256).CsrPem;
        _request = LeafRequest();
        _tbs = RandomNumberGenerator.GetBytes(400);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _caCertificate.Dispose();
        _caKey.Dispose();
    }

    [Benchmark(Description = "ECDSA P-256 SignData (the signature alone)")]
    public byte[] Signature() => _caKey.SignData(_tbs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Benchmark(Description = "CSR PEM load, signature verified")]
    public CertificateRequest LoadVerified() => CertificateRequest.LoadSigningRequestPem(
        _csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);

    [Benchmark(Description = "CSR PEM load, signature not verified")]
    public CertificateRequest LoadUnverified() => CertificateRequest.LoadSigningRequestPem(
        _csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions | CertificateRequestLoadOptions.SkipSignatureValidation);

    [Benchmark(Description = "X509SignatureGenerator.CreateForECDsa")]
    public X509SignatureGenerator Generator() => X509SignatureGenerator.CreateForECDsa(_caKey);

    [Benchmark(Description = "leaf request with extensions")]
    public CertificateRequest Request() => LeafRequest();

    [Benchmark(Description = "CertificateRequest.Create with a cached generator")]
    public X509Certificate2 Create() => _request.Create(_caCertificate.SubjectName, _generator, SampleNode.T0, SampleNode.T0.AddYears(1), _serial);

    [Benchmark(Description = "CertificateRequest.Create, encoded bytes only")]
    public byte[] CreateEncoded() => _request.Create(_caCertificate.SubjectName, _generator, SampleNode.T0, SampleNode.T0.AddYears(1), _serial).RawData;

    [Benchmark(Description = "leaf ExportCertificatePem")]
    public string Export()
    {
        using var leaf = _request.Create(_caCertificate.SubjectName, _generator, SampleNode.T0, SampleNode.T0.AddYears(1), _serial);
        return leaf.ExportCertificatePem();
    }

    private CertificateRequest LeafRequest()
    {
        var csr = CertificateRequest.LoadSigningRequestPem(_csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(SampleNode.Identity);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(SampleNode.Identity);
        var request = new CertificateRequest(subject.Build(), csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2"), new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}
