using Provisioner.Security.KeyWrap;
using Xunit;

namespace Provisioner.Security.Tests.KeyWrap;

public class X25519KeyPairTests
{
    // RFC 7748 section 6.1 (Alice); the peer and the shared secret were computed with `openssl pkeyutl -derive`.
    private const string AlicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string PeerPublic = "b8ceded1947eb4b2eeec2d65147dd0185bb52077e5bc65418a2b79b413943705";
    private const string SharedWithPeer = "c924557d1499d12fbbbf0369d75147f3dbef35a41524ea3ca15a8ea82cffd32c";

    [Fact]
    public void Derives_the_public_key_of_the_rfc_7748_vector()
    {
        using var alice = X25519KeyPair.FromPrivateKey(Convert.FromHexString(AlicePrivate));

        Assert.Equal(AlicePublic, alice.PublicKeyHex);
    }

    [Fact]
    public void Shared_secret_matches_openssl()
    {
        using var alice = X25519KeyPair.FromPrivateKey(Convert.FromHexString(AlicePrivate));

        Assert.Equal(SharedWithPeer, Convert.ToHexStringLower(alice.DeriveSharedSecret(PeerPublic)));
    }

    [Fact]
    public void Both_sides_derive_the_same_raw_32_byte_secret()
    {
        using var node = X25519KeyPair.Generate();
        using var provisioner = X25519KeyPair.Generate();

        var onProvisioner = provisioner.DeriveSharedSecret(node.PublicKeyHex);
        var onNode = node.DeriveSharedSecret(provisioner.PublicKey);

        Assert.Equal(32, onNode.Length);
        Assert.Equal(onProvisioner, onNode);
    }

    [Fact]
    public void Public_key_hex_is_64_characters_and_keys_differ()
    {
        using var a = X25519KeyPair.Generate();
        using var b = X25519KeyPair.Generate();

        Assert.Matches("^[0-9a-f]{64}$", a.PublicKeyHex);
        Assert.NotEqual(a.PublicKeyHex, b.PublicKeyHex);
    }

    [Fact]
    public void Private_key_round_trips()
    {
        using var generated = X25519KeyPair.Generate();

        using var restored = X25519KeyPair.FromPrivateKey(generated.ExportPrivateKey());

        Assert.Equal(generated.PublicKeyHex, restored.PublicKeyHex);
    }

    [Fact]
    public void Rejects_a_low_order_peer_key_that_gives_an_all_zero_secret()
    {
        using var key = X25519KeyPair.Generate();

        var error = Assert.Throws<KeyWrapException>(() => key.DeriveSharedSecret(new string('0', 64)));

        Assert.Contains("all zeros", error.Message);
    }

    [Theory]
    [InlineData("", "ecdh_public is empty")]
    [InlineData("xyz", "ecdh_public is not valid hex")]
    [InlineData("0102", "ecdh_public must be 32 bytes (64 hex characters), got 2 bytes")]
    public void Rejects_a_malformed_ecdh_public(string ecdhPublic, string message)
    {
        var error = Assert.Throws<KeyWrapException>(() => X25519KeyPair.DecodePublicKeyHex(ecdhPublic));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Refuses_to_derive_after_dispose()
    {
        var key = X25519KeyPair.Generate();
        var peer = key.PublicKeyHex;
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.DeriveSharedSecret(peer));
    }

    [Fact]
    public void ToString_masks_the_private_key()
    {
        using var alice = X25519KeyPair.FromPrivateKey(Convert.FromHexString(AlicePrivate));

        Assert.DoesNotContain(AlicePrivate, alice.ToString());
        Assert.Contains("*****", alice.ToString());
    }
}
