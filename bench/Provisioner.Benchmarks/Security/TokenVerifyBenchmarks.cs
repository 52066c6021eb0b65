using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Provisioner.Security.Tokens;

namespace Provisioner.Benchmarks.Security;

/// <summary>Provisioning token verification after <c>jwt</c>: signature, claims and lifetime, EdDSA and RS256.</summary>
[MemoryDiagnoser]
public class TokenVerifyBenchmarks
{
    private readonly TimeProvider _clock = new FixedClock(SampleNode.T0);
    private TokenSigningKey _edKey = null!;
    private TokenSigningKey _rsaKey = null!;
    private string _edToken = "";
    private string _rsaToken = "";

    [GlobalSetup]
    public void Setup()
    {
        var request = new ProvisioningTokenRequest { Token = "bench-token", Urls = ["nats://127.0.0.1:4222"] };
        _edKey = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));
        using var rsa = RSA.Create(2048);
        _rsaKey = TokenSigningKey.FromRsa(rsa);
        _edToken = ProvisioningTokens.Issue(request, _edKey, _clock);
        _rsaToken = ProvisioningTokens.Issue(request, _rsaKey, _clock);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _edKey.Dispose();
        _rsaKey.Dispose();
    }

    [Benchmark(Description = "Verify EdDSA token")]
    public ProvisioningClaims VerifyEdDsa() => ProvisioningTokens.Verify(_edToken, _edKey.VerificationKey, _clock);

    [Benchmark(Description = "Verify RS256 token")]
    public ProvisioningClaims VerifyRs256() => ProvisioningTokens.Verify(_rsaToken, _rsaKey.VerificationKey, _clock);
}
