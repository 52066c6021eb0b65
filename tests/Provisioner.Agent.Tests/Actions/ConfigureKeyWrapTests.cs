using System.Security.Cryptography;
using Provisioner.Agent.Actions;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.KeyWrap;
using Xunit;

namespace Provisioner.Agent.Tests.Actions;

/// <summary>Step 7 on the node: a CA-made key arrives wrapped for the node's ECDH key from its last <c>jwt</c> reply.</summary>
public sealed class ConfigureKeyWrapTests
{
    private static readonly Lazy<string> RsaKeyPem = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    });

    private static ConfigureRequest WithKey(WrappedKey wrapped) => new(
        Ca: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
        Certificate: "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n",
        Config: """{"plugin.choria.server.provision":"false"}""",
        EcdhPublic: wrapped.EcdhPublic,
        Key: wrapped.EncryptedPem,
        SslDir: "/etc/choria/ssl",
        Token: TestTokens.AgentToken);

    [Fact]
    public void Configure_decrypts_the_wrapped_key_into_private_pem_and_removes_the_csr()
    {
        using var node = new TestNode();
        var ecdh = RpcData.Read<JwtReply>(node.Call("jwt", """{"token":"s3cr3t"}""").Reply.Data, "jwt").EcdhPublic;
        node.Call("gencsr", """{"token":"s3cr3t"}""");
        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem.Value, ecdh);

        var outcome = node.Call("configure", RpcData.From(WithKey(wrapped)));

        Assert.Equal(StatusCode.Ok, outcome.Reply.StatusCode);
        using var expected = RSA.Create();
        expected.ImportFromPem(RsaKeyPem.Value);
        using var written = RSA.Create();
        written.ImportFromPem(node.Files.ReadText("/etc/choria/ssl/private.pem"));
        Assert.Equal(expected.ExportRSAPublicKey(), written.ExportRSAPublicKey());
        Assert.False(node.Files.FileExists("/etc/choria/ssl/csr.pem"));
    }

    [Fact]
    public void Configure_with_a_key_wrapped_for_another_node_fails_tls_setup_and_writes_no_config()
    {
        using var node = new TestNode();
        node.Call("jwt", """{"token":"s3cr3t"}""");
        using var stranger = X25519KeyPair.Generate();
        var wrapped = EcdhKeyWrap.Wrap(RsaKeyPem.Value, stranger.PublicKeyHex);

        var outcome = node.Call("configure", RpcData.From(WithKey(wrapped)));

        Assert.Equal(StatusCode.Aborted, outcome.Reply.StatusCode);
        Assert.StartsWith("TLS Setup Failed: could not decrypt private key", outcome.Reply.StatusMessage);
        Assert.False(node.Files.FileExists(TestNode.Paths.ConfigFile));
    }

    [Fact]
    public void Configure_with_a_key_before_any_jwt_call_fails_tls_setup()
    {
        using var node = new TestNode();
        using var someone = X25519KeyPair.Generate();

        var outcome = node.Call("configure", RpcData.From(WithKey(new WrappedKey("-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n", someone.PublicKeyHex))));

        Assert.Equal(StatusCode.Aborted, outcome.Reply.StatusCode);
        Assert.StartsWith("TLS Setup Failed:", outcome.Reply.StatusMessage);
    }
}
