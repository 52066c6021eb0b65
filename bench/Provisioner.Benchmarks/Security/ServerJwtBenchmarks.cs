using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;

namespace Provisioner.Benchmarks.Security;

/// <summary>Building and signing a node's server JWT with the provisioner's Ed25519 issuer key.</summary>
[MemoryDiagnoser]
public class ServerJwtBenchmarks
{
    private TokenSigningKey _key = null!;
    private ServerJwtIssuer _issuer = null!;
    private ServerJwtRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));
        _issuer = new ServerJwtIssuer(_key, new ServerJwtPolicy(), new FixedClock(SampleNode.T0));
        using var node = Ed25519KeyPair.Generate();
        _request = new ServerJwtRequest { Identity = SampleNode.Identity, PublicKeyHex = node.PublicKeyHex };
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Description = "ServerJwtIssuer.Issue EdDSA")]
    public string Issue() => _issuer.Issue(_request).Token;
}
