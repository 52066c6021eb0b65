using Provisioner.Agent.Boot;
using Provisioner.Agent.Files;
using Provisioner.Agent.Runtime;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;
using Xunit;

namespace Provisioner.Agent.Tests.Boot;

/// <summary>
/// choria-v2 acceptance scenario 23: the §3.3 configuration a v2 node gets from <c>configure</c> boots it provisioned on
/// <c>server.jwt</c>/<c>server.seed</c> in collective <c>choria</c>, and what Choria's <c>choria</c> security provider
/// refuses beside it stops the boot with Choria's message.
/// </summary>
public sealed class ChoriaProviderBootTests : IDisposable
{
    private readonly Ed25519KeyPair _org = Ed25519KeyPair.Generate();

    public void Dispose() => _org.Dispose();

    private string Section33Config(string extra = "") => ChainCredentials.Section33Config(_org.PublicKeyHex, extra);

    private MemoryFileStore Node(string config)
    {
        var files = new MemoryFileStore();
        files.WriteText(TestNode.Paths.TokenFile, TestTokens.Provisioning(protocolV2: true), FileModes.Public);
        files.WriteText(TestNode.Paths.ConfigFile, config, FileModes.Public);
        ChainCredentials.Write(files, _org);
        return files;
    }

    private static NodeBootState Boot(MemoryFileStore files) => NodeBoot.Decide(files, TestNode.Paths, null, TimeProvider.System, () => "host.example.net");

    [Fact]
    public void Scenario_23_the_section_3_3_configuration_boots_provisioned_on_server_jwt_and_seed_in_collective_choria()
    {
        var files = Node(Section33Config());

        var boot = Boot(files);
        using var runtime = new NodeRuntime(new Provisioner.Agent.Actions.NodeContext { Files = files, Paths = TestNode.Paths, Boot = boot });

        Assert.Equal(NodeMode.Provisioned, boot.Mode);
        Assert.Equal(TestNode.Identity, boot.Identity);
        Assert.True(files.FileExists(TestNode.Paths.ServerJwtFile));
        Assert.True(files.FileExists(TestNode.Paths.SeedFile));
        Assert.Equal(["choria"], runtime.Collectives);
        Assert.Equal([$"choria.node.{TestNode.Identity}"], runtime.Subscriptions);
    }

    [Theory]
    [InlineData("plugin.choria.security.server.token_file", "/etc/choria/server.jwt")]
    [InlineData("plugin.choria.security.server.seed_file", "/etc/choria/server.seed")]
    [InlineData("plugin.security.server_anon_tls", "true")]
    [InlineData("plugin.security.client_anon_tls", "true")]
    public void Scenario_23_a_key_choria_refuses_beside_the_choria_provider_stops_the_boot(string key, string value)
    {
        var files = Node(Section33Config($"{key} = {value}"));

        var refused = Assert.Throws<NodeBootException>(() => Boot(files));

        Assert.Equal($"{TestNode.Paths.ConfigFile}: {key} can not be set when the choria security provider is used", refused.Message);
        Assert.True(files.FileExists(TestNode.Paths.ServerJwtFile), "a refused boot deletes nothing");
    }

    [Fact]
    public void Anonymous_tls_switched_off_is_no_problem()
    {
        var boot = Boot(Node(Section33Config("plugin.security.server_anon_tls = false\nplugin.security.client_anon_tls = false")));

        Assert.Equal(NodeMode.Provisioned, boot.Mode);
    }

    [Theory]
    [InlineData("plugin.security.choria.token_file", "", "the path to the JWT token is not configured")]
    [InlineData("plugin.security.choria.seed_file", "", "the path to the ed25519 seed is not configured")]
    [InlineData("plugin.security.issuer.choria.public", "", "could not find option plugin.security.issuer.choria.public while adding issuer choria")]
    [InlineData("plugin.security.issuer.names", "", "no trusted token signers or issuers configured")]
    [InlineData("plugin.security.choria.trusted_signers", "e7f162a10bec559afea195e4dce84b69568d5d2cb0963eb446c0685e2b17f2f0", "can only configure one of trusted token signers or issuers")]
    public void What_the_choria_provider_needs_and_excludes_is_checked_with_choria_messages(string key, string value, string message)
    {
        // A later line wins, so the extra line unsets (empty value) or adds the key.
        var refused = Assert.Throws<NodeBootException>(() => Boot(Node(Section33Config($"{key} = {value}"))));

        Assert.Equal($"{TestNode.Paths.ConfigFile}: {message}", refused.Message);
    }
}
