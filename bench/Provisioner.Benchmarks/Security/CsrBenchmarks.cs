using BenchmarkDotNet.Attributes;
using Provisioner.Security.Pki;

namespace Provisioner.Benchmarks.Security;

/// <summary><c>gencsr</c>: the node's EC P-256 key and CSR, and the provisioner's inspection of it.</summary>
[MemoryDiagnoser]
public class CsrBenchmarks
{
    private readonly CsrInspector _inspector = new();
    private string _csr = "";

    [GlobalSetup]
    public void Setup()
    {
        _csr = CreateEcP256().CsrPem;
        if (Inspect() is not CsrInspection.Accepted)
        {
            throw new InvalidOperationException("the sample CSR is rejected");
        }
    }

    [Benchmark(Description = "CsrFactory.Create EC P-256")]
    public GeneratedCsr CreateEcP256() => CsrFactory.Create(new CsrSubject(SampleNode.Identity), PkiKeyAlgorithm.EcdsaP256);

    [Benchmark(Description = "CsrInspector.Inspect EC P-256")]
    public CsrInspection Inspect() => _inspector.Inspect(_csr, SampleNode.Identity);
}
