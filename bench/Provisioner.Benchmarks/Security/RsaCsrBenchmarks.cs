using BenchmarkDotNet.Attributes;
using Provisioner.Security.Pki;

namespace Provisioner.Benchmarks.Security;

/// <summary>
/// What a real Choria node costs in <c>gencsr</c>: an RSA-2048 key (tens to hundreds of milliseconds, with a wide
/// spread from prime search). Kept apart so a filter on the fast benchmarks can leave it out.
/// </summary>
[MemoryDiagnoser]
public class RsaCsrBenchmarks
{
    private readonly CsrInspector _inspector = new();
    private string _csr = "";

    [GlobalSetup]
    public void Setup() => _csr = CreateRsa2048().CsrPem;

    [Benchmark(Description = "CsrFactory.Create RSA-2048")]
    public GeneratedCsr CreateRsa2048() => CsrFactory.Create(new CsrSubject(SampleNode.Identity), PkiKeyAlgorithm.Rsa2048);

    [Benchmark(Description = "CsrInspector.Inspect RSA-2048")]
    public CsrInspection Inspect() => _inspector.Inspect(_csr, SampleNode.Identity);
}
