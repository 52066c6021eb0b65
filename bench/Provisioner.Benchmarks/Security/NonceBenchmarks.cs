using BenchmarkDotNet.Attributes;
using Provisioner.Security.Keys;

namespace Provisioner.Benchmarks.Security;

/// <summary>The <c>gen25519</c> proof: the node signs the nonce with its Ed25519 key, the provisioner verifies it.</summary>
[MemoryDiagnoser]
public class NonceBenchmarks
{
    private Ed25519KeyPair _key = null!;
    private string _nonce = "";
    private string _signature = "";

    [GlobalSetup]
    public void Setup()
    {
        _key = Ed25519KeyPair.Generate();
        _nonce = NonceFactory.Create();
        _signature = _key.SignHex(_nonce);
        if (Verify() is not NonceVerification.Valid)
        {
            throw new InvalidOperationException("the sample signature does not verify");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Description = "Sign nonce (SignHex)")]
    public string Sign() => _key.SignHex(_nonce);

    [Benchmark(Description = "Verify nonce signature")]
    public NonceVerification Verify() => NonceVerifier.Verify(_key.PublicKeyHex, _nonce, _signature);

    /// <summary>What a node does per <c>gen25519</c>: a new key, its seed exported for <c>server.seed</c>, the nonce signed.</summary>
    [Benchmark(Description = "Node gen25519: generate, export seed, sign")]
    public string GenerateAndSign()
    {
        using var key = Ed25519KeyPair.Generate();
        _ = key.ExportSeedHex();
        return key.SignHex(_nonce);
    }
}
