using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Provisioner.Security.KeyWrap;

namespace Provisioner.Benchmarks.Security;

/// <summary>
/// X25519 and Choria's key wrap: the node's key pair per <c>jwt</c> call, and, on the helper path, the
/// provisioner wrapping an RSA private key for the node and the node unwrapping it.
/// </summary>
[MemoryDiagnoser]
public class KeyWrapBenchmarks
{
    private X25519KeyPair _node = null!;
    private X25519KeyPair _provisioner = null!;
    private string _privateKeyPem = "";
    private WrappedKey _wrapped = null!;

    [GlobalSetup]
    public void Setup()
    {
        _node = X25519KeyPair.Generate();
        _provisioner = X25519KeyPair.Generate();
        using var rsa = RSA.Create(2048);
        _privateKeyPem = rsa.ExportRSAPrivateKeyPem();
        _wrapped = EcdhKeyWrap.Wrap(_privateKeyPem, _node.PublicKeyHex);
        if (Unwrap() != _privateKeyPem)
        {
            throw new InvalidOperationException("the wrapped key does not unwrap to the original");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _node.Dispose();
        _provisioner.Dispose();
    }

    [Benchmark(Description = "X25519 key pair (node, per jwt call)")]
    public string GenerateX25519()
    {
        using var key = X25519KeyPair.Generate();
        return key.PublicKeyHex;
    }

    [Benchmark(Description = "X25519 shared secret")]
    public byte[] SharedSecret() => _provisioner.DeriveSharedSecret(_node.PublicKey);

    [Benchmark(Description = "EcdhKeyWrap.Wrap RSA-2048 key")]
    public WrappedKey Wrap() => EcdhKeyWrap.Wrap(_privateKeyPem, _node.PublicKeyHex);

    [Benchmark(Description = "EcdhKeyWrap.Unwrap RSA-2048 key")]
    public string Unwrap() => EcdhKeyWrap.Unwrap(_wrapped.EncryptedPem, _node, _wrapped.EcdhPublic);
}
