using BenchmarkDotNet.Attributes;
using NATS.NKeys;
using Provisioner.Security.Broker;
using Provisioner.Security.Keys;

namespace Provisioner.Benchmarks.Security;

/// <summary>A machine's NATS user JWT, minted with the fleet account's signing nkey (members with <c>provisioner.fleet.broker-dir</c>).</summary>
[MemoryDiagnoser]
public class MachineCredentialBenchmarks
{
    private KeyPair _account = null!;
    private KeyPair _signer = null!;
    private MachineCredentialIssuer _issuer = null!;
    private MachineCredentialRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _account = KeyPair.CreatePair(PrefixByte.Account);
        _signer = KeyPair.CreatePair(PrefixByte.Account);
        _issuer = new MachineCredentialIssuer(_account.GetPublicKey(), _signer);
        using var node = Ed25519KeyPair.Generate();
        _request = new MachineCredentialRequest(SampleNode.Identity, node.PublicKeyHex, ["choria"], [], ServerPermissionFlags.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _issuer.Dispose();
        _signer.Dispose();
        _account.Dispose();
    }

    [Benchmark(Description = "MachineCredentialIssuer.Issue")]
    public string Issue() => _issuer.Issue(_request, SampleNode.T0, SampleNode.T0.AddYears(1));
}
