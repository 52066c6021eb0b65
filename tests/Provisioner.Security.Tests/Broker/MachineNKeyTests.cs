using NATS.NKeys;
using NSec.Cryptography;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.Security.Tests.Broker;

public sealed class MachineNKeyTests
{
    private static (byte[] Seed, string PublicKeyHex, Key Key) Gen25519()
    {
        var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return (key.Export(KeyBlobFormat.RawPrivateKey), Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)), key);
    }

    [Fact]
    public void User_key_from_the_machine_seed_has_the_public_key_encoded_from_its_hex()
    {
        var (seed, publicKeyHex, key) = Gen25519();
        using var _ = key;

        using var pair = MachineNKey.FromSeed(seed);

        Assert.Equal(PrefixByte.User, pair.Prefix);
        Assert.StartsWith("SU", pair.GetSeed(), StringComparison.Ordinal);
        Assert.Equal(MachineNKey.PublicKeyFromHex(publicKeyHex), pair.GetPublicKey());
    }

    [Fact]
    public void Nonce_signed_with_the_nkey_verifies_with_the_machines_ed25519_public_key()
    {
        var (seed, _, key) = Gen25519();
        using var __ = key;
        using var pair = MachineNKey.FromSeed(seed);
        var nonce = "nonce-from-the-server"u8.ToArray();
        var signature = new byte[64];

        pair.Sign(nonce, signature);

        Assert.True(SignatureAlgorithm.Ed25519.Verify(key.PublicKey, nonce, signature));
    }

    [Fact]
    public void Encoded_seed_decodes_to_the_same_key()
    {
        var (seed, publicKeyHex, key) = Gen25519();
        using var _ = key;
        using var pair = MachineNKey.FromSeedHex(Convert.ToHexString(seed));

        using var decoded = KeyPair.FromSeed(pair.GetSeed());

        Assert.Equal(MachineNKey.PublicKeyFromHex(publicKeyHex), decoded.GetPublicKey());
    }

    [Theory]
    [InlineData("abcd", "64 hex characters")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000", "not hexadecimal")]
    public void Rejects_a_public_key_that_is_not_32_bytes_of_hex(string hex, string reason)
    {
        var error = Assert.Throws<FormatException>(() => MachineNKey.PublicKeyFromHex(hex));

        Assert.Contains("public_key", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_seed_that_is_not_32_bytes()
    {
        var error = Assert.Throws<FormatException>(() => MachineNKey.FromSeed(new byte[31]));

        Assert.Contains("seed", error.Message, StringComparison.Ordinal);
    }
}
