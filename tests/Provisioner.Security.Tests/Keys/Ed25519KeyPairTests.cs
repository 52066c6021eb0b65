using Provisioner.Security.Keys;
using Xunit;

namespace Provisioner.Security.Tests.Keys;

public class Ed25519KeyPairTests
{
    // The worked example of choria-wire.md section 7: seed bytes 0x01..0x20.
    internal const string SpecPublicKey = "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664";
    internal const string SpecNonce = "0c1d2e3f405162738495a6b7c8d9eafb";
    internal const string SpecSignature = "c5e4d1ab18df5d5472e1a4b3e6de5dce80c583c76df68050ab81f715a39c5e264ece72fef2c4ceea43118ad77c4ef2fef4f5cd14a20b0e06cec959c8d4605e0f";

    internal static byte[] SpecSeed() => Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Signs_the_nonce_of_the_spec_worked_example_exactly()
    {
        using var key = Ed25519KeyPair.FromSeed(SpecSeed());

        Assert.Equal(SpecPublicKey, key.PublicKeyHex);
        Assert.Equal(SpecSignature, key.SignHex(SpecNonce));
    }

    [Fact]
    public void Seed_hex_round_trips_to_the_same_public_key()
    {
        using var generated = Ed25519KeyPair.Generate();
        var seedHex = generated.ExportSeedHex();

        using var restored = Ed25519KeyPair.FromSeedHex(seedHex);

        Assert.Equal(64, seedHex.Length);
        Assert.Equal(generated.PublicKeyHex, restored.PublicKeyHex);
        Assert.Equal(generated.ExportSeed(), restored.ExportSeed());
    }

    [Fact]
    public void A_disposed_key_neither_signs_nor_exports_its_seed()
    {
        var key = Ed25519KeyPair.FromSeed(SpecSeed());

        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.SignHex(SpecNonce));
        Assert.Throws<ObjectDisposedException>(() => key.ExportSeed());
        Assert.Equal(SpecPublicKey, key.PublicKeyHex);
    }

    [Fact]
    public void Generated_keys_differ()
    {
        using var a = Ed25519KeyPair.Generate();
        using var b = Ed25519KeyPair.Generate();

        Assert.NotEqual(a.PublicKeyHex, b.PublicKeyHex);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("0102")]
    [InlineData("abc")]
    public void Rejects_a_seed_that_is_not_32_bytes_of_hex(string seedHex)
    {
        var error = Assert.Throws<ArgumentException>(() => Ed25519KeyPair.FromSeedHex(seedHex));

        Assert.Contains("seed", error.Message);
    }

    [Fact]
    public void ToString_masks_the_seed()
    {
        using var key = Ed25519KeyPair.FromSeed(SpecSeed());

        var text = key.ToString();

        Assert.Contains("*****", text);
        Assert.DoesNotContain(key.ExportSeedHex(), text);
    }
}
