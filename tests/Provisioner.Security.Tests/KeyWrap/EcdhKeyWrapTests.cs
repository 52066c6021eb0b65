using System.Security.Cryptography;
using Provisioner.Security.KeyWrap;
using Provisioner.Security.Tests.Pki;
using Xunit;

namespace Provisioner.Security.Tests.KeyWrap;

public class EcdhKeyWrapTests
{
    private static string RsaKeyPem => TestPki.RsaCsr.PrivateKeyPem;

    [Fact]
    public void Node_unwraps_the_key_the_provisioner_wrapped_for_it()
    {
        using var node = X25519KeyPair.Generate();

        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);
        var unwrapped = EcdhKeyWrap.Unwrap(wrapped.EncryptedPem, node, wrapped.EcdhPublic);

        Assert.Equal(Pkcs1(RsaKeyPem), Pkcs1(unwrapped));
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", unwrapped);
        Assert.NotEqual(node.PublicKeyHex, wrapped.EcdhPublic);
        Assert.Matches("^[0-9a-f]{64}$", wrapped.EcdhPublic);
    }

    [Fact]
    public void Wrapped_key_has_the_legacy_openssl_headers_choria_expects()
    {
        using var node = X25519KeyPair.Generate();

        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);

        var lines = wrapped.EncryptedPem.Split('\n');
        Assert.Equal("-----BEGIN RSA PRIVATE KEY-----", lines[0]);
        Assert.Equal("Proc-Type: 4,ENCRYPTED", lines[1]);
        Assert.Matches("^DEK-Info: AES-256-CBC,[0-9A-F]{32}$", lines[2]);
        Assert.Equal("", lines[3]);
        Assert.True(LegacyPemEncryption.IsEncrypted(wrapped.EncryptedPem));
        Assert.DoesNotContain(RsaKeyPem.Split('\n')[1], wrapped.EncryptedPem);
    }

    [Fact]
    public void Each_wrap_uses_a_fresh_provisioner_key_and_iv()
    {
        using var node = X25519KeyPair.Generate();

        var first = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);
        var second = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);

        Assert.NotEqual(first.EcdhPublic, second.EcdhPublic);
        Assert.NotEqual(first.EncryptedPem, second.EncryptedPem);
    }

    [Fact]
    public void Wraps_a_pkcs8_rsa_key_as_pkcs1()
    {
        using var node = X25519KeyPair.Generate();
        using var rsa = RSA.Create();
        rsa.ImportFromPem(RsaKeyPem);

        var wrapped = EcdhKeyWrap.Wrap(rsa.ExportPkcs8PrivateKeyPem(), node.PublicKeyHex);

        Assert.Equal(Pkcs1(RsaKeyPem), Pkcs1(EcdhKeyWrap.Unwrap(wrapped.EncryptedPem, node, wrapped.EcdhPublic)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("ec")]
    [InlineData("public")]
    public void Refuses_to_wrap_anything_but_an_rsa_private_key(string kind)
    {
        using var node = X25519KeyPair.Generate();
        var pem = kind switch
        {
            "ec" => TestPki.EcCsr.PrivateKeyPem,
            "public" => TestPki.RsaCsr.CsrPem,
            _ => kind,
        };

        Assert.Throws<KeyWrapException>(() => EcdhKeyWrap.Wrap(pem, node.PublicKeyHex));
    }

    [Fact]
    public void Unwrap_with_another_node_key_fails_as_an_incorrect_password()
    {
        using var node = X25519KeyPair.Generate();
        using var otherNode = X25519KeyPair.Generate();
        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);

        var error = Assert.Throws<KeyWrapException>(() => EcdhKeyWrap.Unwrap(wrapped.EncryptedPem, otherNode, wrapped.EcdhPublic));

        Assert.StartsWith("decryption password incorrect", error.Message);
    }

    [Fact]
    public void Unwrap_with_another_provisioner_key_fails_as_an_incorrect_password()
    {
        using var node = X25519KeyPair.Generate();
        using var stranger = X25519KeyPair.Generate();
        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);

        var error = Assert.Throws<KeyWrapException>(() => EcdhKeyWrap.Unwrap(wrapped.EncryptedPem, node, stranger.PublicKeyHex));

        Assert.StartsWith("decryption password incorrect", error.Message);
    }

    [Fact]
    public void Unwrap_refuses_a_key_that_is_not_encrypted()
    {
        using var node = X25519KeyPair.Generate();
        using var provisioner = X25519KeyPair.Generate();

        var error = Assert.Throws<KeyWrapException>(() => EcdhKeyWrap.Unwrap(RsaKeyPem, node, provisioner.PublicKeyHex));

        Assert.Contains("not encrypted", error.Message);
    }

    [Theory]
    [InlineData("DES-EDE3-CBC,0011223344556677", "unsupported cipher 'DES-EDE3-CBC'")]
    [InlineData("AES-256-CBC,00112233", "IV must be 16 bytes")]
    [InlineData("AES-256-CBC", "expected '<cipher>,<iv hex>'")]
    public void Unwrap_refuses_a_bad_dek_info(string dekInfo, string reason)
    {
        using var node = X25519KeyPair.Generate();
        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);
        var lines = wrapped.EncryptedPem.Split('\n');
        lines[2] = $"DEK-Info: {dekInfo}";

        var error = Assert.Throws<KeyWrapException>(() => EcdhKeyWrap.Unwrap(string.Join('\n', lines), node, wrapped.EcdhPublic));

        Assert.StartsWith("bad DEK-Info", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Unwrap_refuses_a_malformed_provisioner_key()
    {
        using var node = X25519KeyPair.Generate();
        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem, node.PublicKeyHex);

        var error = Assert.Throws<KeyWrapException>(() => EcdhKeyWrap.Unwrap(wrapped.EncryptedPem, node, "abcd"));

        Assert.StartsWith("ecdh_public must be 32 bytes", error.Message);
    }

    private static byte[] Pkcs1(string pem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.ExportRSAPrivateKey();
    }
}
