using System.Text.Json.Nodes;
using Provisioner.Agent.Runtime;
using Provisioner.Messages.Wire;
using Provisioner.Security.Broker;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Agent.Tests.Runtime;

public sealed class NodeConnectionOptionsTests
{
    private const string TokenText = "eyJhbGciOiJSUzI1NiJ9.eyJjaHQiOiJ0In0.c2ln";

    [Fact]
    public void A_provisioning_node_presents_the_whole_token_user_password_and_bearer_jwt_together_as_choria_sends_them()
    {
        var token = new ProvisioningClaims { Token = "t", Urls = "nats://b:4222", BrokerUsername = "u", BrokerPassword = "p", Extensions = new JsonObject { ["nats_jwt"] = "eyJbearer" } };

        var options = NodeConnectionOptions.Provisioning(["nats://b:4222"], TokenText, token, "n1.example.net");

        Assert.Equal(TokenText, options.AuthOpts.Token);
        Assert.Equal(("u", "p"), (options.AuthOpts.Username, options.AuthOpts.Password));
        Assert.Equal("eyJbearer", options.AuthOpts.Jwt);
        Assert.Null(options.AuthOpts.Seed);
        Assert.Equal("provisioning.node.n1.example.net.inbox", options.InboxPrefix);
        Assert.True(options.TlsOpts.InsecureSkipVerify);
    }

    [Fact]
    public void Without_chusr_chpwd_or_nats_jwt_only_the_token_logs_in()
    {
        var token = new ProvisioningClaims { Token = "t", Urls = "nats://b:4222", Extensions = new JsonObject { ["nats_jwt"] = 5 } };

        var auth = NodeConnectionOptions.ProvisioningAuth(TokenText, token);

        Assert.Equal(TokenText, auth.Token);
        Assert.Null(auth.Username);
        Assert.Null(auth.Password);
        Assert.Null(auth.Jwt);
    }

    [Theory]
    [InlineData("u", null)]
    [InlineData(null, "p")]
    [InlineData("u", "")]
    public void A_user_without_a_password_or_the_reverse_is_not_sent_as_choria_sends_neither(string? user, string? password)
    {
        var token = new ProvisioningClaims { Token = "t", Urls = "nats://b:4222", BrokerUsername = user, BrokerPassword = password };

        var auth = NodeConnectionOptions.ProvisioningAuth(TokenText, token);

        Assert.Equal(TokenText, auth.Token);
        Assert.Null(auth.Username);
        Assert.Null(auth.Password);
    }

    [Fact]
    public void A_provisioned_node_signs_with_its_own_seed_under_its_issued_jwt()
    {
        using var seed = Ed25519KeyPair.Generate();

        var options = NodeConnectionOptions.Provisioned(["nats://b:4222", "nats://c:4222"], "n1.example.net", "choria", "eyJissued", seed.ExportSeedHex(), null);

        Assert.Equal("eyJissued", options.AuthOpts.Jwt);
        using var expected = MachineNKey.FromSeedHex(seed.ExportSeedHex());
        Assert.Equal(expected.GetSeed(), options.AuthOpts.Seed);
        Assert.Equal(Subjects.ReplyInbox("n1.example.net", "choria"), options.InboxPrefix);
        Assert.Equal("nats://b:4222,nats://c:4222", options.Url);
    }

    [Fact]
    public void A_provisioned_node_without_a_nats_jwt_connects_anonymously_and_verifies_tls_only_when_asked()
    {
        var plain = NodeConnectionOptions.Provisioned(["nats://b:4222"], "n1.example.net", "choria", null, null, "/etc/choria/ssl/ca.pem");
        var tls = NodeConnectionOptions.Provisioned(["tls://b:4222"], "n1.example.net", "choria", null, null, "/etc/choria/ssl/ca.pem");

        Assert.Null(plain.AuthOpts.Jwt);
        Assert.Null(plain.TlsOpts.CaFile);
        Assert.Equal("/etc/choria/ssl/ca.pem", tls.TlsOpts.CaFile);
    }
}
