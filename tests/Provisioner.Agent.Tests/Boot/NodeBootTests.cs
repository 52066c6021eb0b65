using Provisioner.Agent.Boot;
using Provisioner.Agent.Files;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Agent.Tests.Boot;

public sealed class NodeBootTests
{
    private const string Identity = TestNode.Identity;
    private static readonly Provisioner.Agent.Config.NodePaths Paths = TestNode.Paths;

    private static MemoryFileStore Files(string? config = null, string? token = null, bool withToken = true)
    {
        var files = new MemoryFileStore();
        if (withToken)
        {
            files.WriteText(Paths.TokenFile, token ?? TestTokens.Provisioning(), FileModes.Public);
        }
        if (config is not null)
        {
            files.WriteText(Paths.ConfigFile, config, FileModes.Public);
        }
        return files;
    }

    private static NodeBootState Decide(MemoryFileStore files, TimeProvider? clock = null, string? identity = Identity) =>
        NodeBoot.Decide(files, Paths, identity, clock ?? TimeProvider.System, () => "host.example.net");

    private static void WriteCredentials(MemoryFileStore files, string identity = Identity, long? expiresAt = null, Ed25519KeyPair? jwtKey = null)
    {
        using var seed = Ed25519KeyPair.Generate();
        files.WriteText(Paths.SeedFile, seed.ExportSeedHex(), FileModes.Secret);
        files.WriteText(Paths.ServerJwtFile, TestTokens.Server(identity, jwtKey ?? seed, expiresAt: expiresAt), FileModes.Secret);
        files.WriteText(Paths.NatsJwtFile, "nats", FileModes.Secret);
    }

    [Fact]
    public void A_node_with_a_token_and_no_configuration_provisions()
    {
        var boot = Decide(Files());

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.True(boot.SupportsProvisioning);
        Assert.Equal(TestTokens.AgentToken, boot.Token!.Token);
    }

    [Fact]
    public void A_node_holding_a_choria_cli_token_without_exp_provisions_with_it()
    {
        var token = ChoriaCliTokens.WithoutExpiry(TestTokens.AgentToken, DateTimeOffset.UtcNow);

        var boot = Decide(Files(token: token));

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Equal(token, boot.TokenText);
        Assert.Null(boot.Token!.ExpiresAt);
        Assert.Equal("choria.example.net", boot.Token.SrvDomain);
    }

    [Theory]
    [InlineData("plugin.choria.server.provision = true", NodeMode.Provisioning)]
    [InlineData("plugin.choria.server.provision = yes", NodeMode.Provisioning)]
    [InlineData("plugin.choria.server.provision = false", NodeMode.Provisioned)]
    [InlineData("plugin.choria.server.provision = 0", NodeMode.Provisioned)]
    public void The_provision_setting_decides_when_set(string config, NodeMode expected)
    {
        Assert.Equal(expected, Decide(Files(config, TestTokens.Provisioning(provisionByDefault: true))).Mode);
    }

    [Theory]
    [InlineData(true, NodeMode.Provisioning)]
    [InlineData(false, NodeMode.Provisioned)]
    public void Chpd_decides_when_the_setting_is_unset(bool chpd, NodeMode expected)
    {
        Assert.Equal(expected, Decide(Files("loglevel = info", TestTokens.Provisioning(provisionByDefault: chpd))).Mode);
    }

    [Fact]
    public void A_server_jwt_for_another_identity_makes_the_node_provision_and_drops_it()
    {
        var files = Files("loglevel = info");
        WriteCredentials(files, identity: "old-name.example.net");

        var boot = Decide(files);

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Contains("old-name.example.net", boot.Reason);
        Assert.Equal([Paths.SeedFile, Paths.ServerJwtFile, Paths.NatsJwtFile], boot.Deleted);
        Assert.False(files.FileExists(Paths.ServerJwtFile));
    }

    [Fact]
    public void Valid_credentials_keep_a_provisioned_node_provisioned()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files);

        var boot = Decide(files);

        Assert.Equal(NodeMode.Provisioned, boot.Mode);
        Assert.Empty(boot.Deleted);
        Assert.True(files.FileExists(Paths.SeedFile));
    }

    [Fact]
    public void A_missing_seed_heals_by_provisioning_again()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files);
        files.Delete(Paths.SeedFile);

        var boot = Decide(files);

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Contains("server.seed is missing", boot.Reason);
        Assert.False(files.FileExists(Paths.ServerJwtFile));
    }

    [Fact]
    public void A_missing_server_jwt_heals_by_provisioning_again()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files);
        files.Delete(Paths.ServerJwtFile);

        var boot = Decide(files);

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.False(files.FileExists(Paths.SeedFile));
    }

    [Fact]
    public void An_unparsable_server_jwt_heals_by_provisioning_again()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files);
        files.WriteText(Paths.ServerJwtFile, "garbage", FileModes.Secret);

        Assert.Equal(NodeMode.Provisioning, Decide(files).Mode);
    }

    [Fact]
    public void An_unparsable_seed_heals_by_provisioning_again()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files);
        files.WriteText(Paths.SeedFile, "zz", FileModes.Secret);

        Assert.Equal(NodeMode.Provisioning, Decide(files).Mode);
    }

    [Fact]
    public void A_server_jwt_for_another_key_heals_by_provisioning_again()
    {
        var files = Files("plugin.choria.server.provision = false");
        using var other = Ed25519KeyPair.Generate();
        WriteCredentials(files, jwtKey: other);

        var boot = Decide(files);

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Contains("public key", boot.Reason);
    }

    [Fact]
    public void A_server_jwt_for_another_identity_heals_even_when_the_setting_says_provisioned()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files, identity: "someone-else.example.net");

        Assert.Equal(NodeMode.Provisioning, Decide(files).Mode);
    }

    [Fact]
    public void An_expired_server_jwt_heals_by_provisioning_again()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files, expiresAt: DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds());
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(31));

        var boot = Decide(files, clock);

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Contains("expired", boot.Reason);
    }

    [Fact]
    public void A_server_jwt_issued_through_the_org_issuer_chain_verifies_on_an_issuer_network()
    {
        using var org = Ed25519KeyPair.Generate();
        var files = Files(IssuerConfig(org.PublicKeyHex));
        ChainCredentials.Write(files, org);

        var boot = Decide(files);

        Assert.Equal(NodeMode.Provisioned, boot.Mode);
    }

    [Fact]
    public void A_server_jwt_whose_chain_leads_to_another_org_issuer_heals_by_provisioning_again()
    {
        using var org = Ed25519KeyPair.Generate();
        using var trusted = Ed25519KeyPair.Generate();
        var files = Files(IssuerConfig(trusted.PublicKeyHex));
        ChainCredentials.Write(files, org);

        var boot = Decide(files);

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Contains("does not verify with the choria issuer: not signed by issuer: chain issuer credentials not signed by org issuer", boot.Reason);
        Assert.False(files.FileExists(Paths.ServerJwtFile));
    }

    [Fact]
    public void A_server_jwt_for_an_ou_without_an_issuer_heals_by_provisioning_again()
    {
        using var org = Ed25519KeyPair.Generate();
        var files = Files(IssuerConfig(org.PublicKeyHex).Replace("issuer.names = choria", "issuer.names = acme").Replace("issuer.choria.public", "issuer.acme.public"));
        ChainCredentials.Write(files, org);

        Assert.Equal(NodeMode.Provisioning, Decide(files).Mode);
    }

    private static string IssuerConfig(string orgPublicKey) => $"""
        plugin.choria.server.provision = false
        plugin.security.provider = choria
        plugin.security.choria.token_file = /etc/choria/server.jwt
        plugin.security.choria.seed_file = /etc/choria/server.seed
        plugin.security.issuer.names = choria
        plugin.security.issuer.choria.public = {orgPublicKey}
        """;

    [Fact]
    public void A_status_look_deletes_nothing()
    {
        var files = Files("plugin.choria.server.provision = false");
        WriteCredentials(files);
        files.Delete(Paths.SeedFile);

        var boot = NodeBoot.Decide(files, Paths, Identity, TimeProvider.System, removeStaleCredentials: false);

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Empty(boot.Deleted);
        Assert.True(files.FileExists(Paths.ServerJwtFile));
    }

    [Fact]
    public void An_unreadable_configuration_provisions_again()
    {
        var boot = Decide(Files("this is not a setting"));

        Assert.Equal(NodeMode.Provisioning, boot.Mode);
        Assert.Contains("line 1", boot.Reason);
    }

    [Fact]
    public void Without_a_token_or_configuration_the_node_cannot_start()
    {
        var error = Assert.Throws<NodeBootException>(() => Decide(Files(withToken: false)));

        Assert.Contains("provisioning.jwt", error.Message);
    }

    [Fact]
    public void Without_a_token_a_configured_node_runs_provisioned()
    {
        var boot = Decide(Files("plugin.choria.server.provision = false", withToken: false));

        Assert.Equal(NodeMode.Provisioned, boot.Mode);
        Assert.False(boot.SupportsProvisioning);
    }

    [Fact]
    public void Without_a_token_a_configuration_asking_to_provision_cannot_start()
    {
        Assert.Throws<NodeBootException>(() => Decide(Files("plugin.choria.server.provision = true", withToken: false)));
    }

    [Fact]
    public void The_identity_comes_from_the_override_then_the_configuration_then_the_host_name()
    {
        Assert.Equal("given.example.net", Decide(Files("identity = configured.example.net"), identity: "given.example.net").Identity);
        Assert.Equal("configured.example.net", Decide(Files("identity = configured.example.net"), identity: null).Identity);
        Assert.Equal("host.example.net", Decide(Files(), identity: null).Identity);
    }

    [Fact]
    public void An_identity_that_cannot_be_a_subject_is_refused()
    {
        Assert.Throws<NodeBootException>(() => Decide(Files(), identity: "bad.*.name"));
    }

    [Fact]
    public void The_boot_state_masks_the_token()
    {
        var boot = Decide(Files());

        Assert.DoesNotContain(boot.TokenText!, boot.ToString());
        Assert.Contains("*****", boot.ToString());
    }
}
