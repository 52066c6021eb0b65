using Provisioner.Actors.Onboarding;
using Provisioner.Messages.Wire;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

/// <summary>The configuration a v2 node with a chain-issued server JWT boots on (choria-v2 §3.3).</summary>
public sealed class ChoriaProviderConfigurationTests
{
    private const string OrgKey = "e7f162a10bec559afea195e4dce84b69568d5d2cb0963eb446c0685e2b17f2f0";

    private static IReadOnlyDictionary<string, string> X509Config() =>
        NodeConfiguration.For("n1.example.net", "/etc/choria/ssl", "/etc/choria", new Dictionary<string, string> { [ServerConfigKeys.Collectives] = "mcollective" });

    [Fact]
    public void A_v2_node_switches_to_the_choria_provider_trusting_the_org_issuer_of_its_ou()
    {
        var config = NodeConfiguration.ForChoriaProvider(X509Config(), "/etc/choria", "choria", OrgKey);

        Assert.Equal("choria", config[ServerConfigKeys.SecurityProvider]);
        Assert.Equal("/etc/choria/server.jwt", config[ServerConfigKeys.ChoriaTokenFile]);
        Assert.Equal("/etc/choria/server.seed", config[ServerConfigKeys.ChoriaSeedFile]);
        Assert.Equal("choria", config[ServerConfigKeys.IssuerNames]);
        Assert.Equal(OrgKey, config[ServerConfigKeys.IssuerPublicKey("choria")]);
        Assert.Equal("choria", config[ServerConfigKeys.Collectives]);
        Assert.Equal("false", config[ServerConfigKeys.Provision]);
    }

    [Fact]
    public void Keys_choria_refuses_beside_the_choria_provider_are_left_out()
    {
        var config = NodeConfiguration.ForChoriaProvider(X509Config(), "/etc/choria", "choria", OrgKey);

        Assert.True(X509Config().ContainsKey(ServerConfigKeys.ServerTokenFile));
        foreach (var key in new[] { ServerConfigKeys.ServerTokenFile, ServerConfigKeys.ServerSeedFile, ServerConfigKeys.FileCertificate, ServerConfigKeys.FileKey, ServerConfigKeys.FileCa })
        {
            Assert.False(config.ContainsKey(key), key);
        }
    }
}
