using NATS.NKeys;
using NSec.Cryptography;
using Provisioner.Security.Broker;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>A machine with a fresh Ed25519 key, as gen25519 would make it: a raw seed and a hex public key.</summary>
public sealed record TestMachine(string Identity, byte[] Seed, string PublicKeyHex)
{
    public static TestMachine Create(string identity)
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new TestMachine(identity, key.Export(KeyBlobFormat.RawPrivateKey), Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }

    /// <summary>The machine's NATS user seed (<c>SU...</c>), made from its raw seed.</summary>
    public string NatsSeed
    {
        get
        {
            using var pair = MachineNKey.FromSeed(Seed);
            return pair.GetSeed();
        }
    }

    public MachineCredentialRequest Request(IReadOnlyList<string> collectives, ServerPermissionFlags flags) =>
        new(Identity, PublicKeyHex, collectives, [], flags);
}
