using Provisioner.Agent.Fleet;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// One member on an org issuer network (choria-v2 §2, §3) provisions a protocol v1 fleet and a protocol v2 fleet at
/// the same time on a real nats-server: it asks each node in the protocol the node answers in, signs its v2 requests
/// with its chain issuer token and seed, and issues every server JWT through the chain, so that each one verifies with
/// the org issuer's public key by the spec's three-step check.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class ProtocolV2OnboardingTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private TokenSigningKey _org = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _org = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(World.Dir, "org.pub"), _org.VerificationKey.Ed25519PublicKeyHex);
        using var signer = TokenSigningKey.Load(Path.Combine(World.Dir, "server-jwt.seed"));
        File.WriteAllText(Path.Combine(World.Dir, "signer.jwt"), ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = "provisioner_signer",
            PublicKeyHex = signer.VerificationKey.Ed25519PublicKeyHex!,
            Validity = TimeSpan.FromDays(30),
        }, _org, TimeProvider.System));
    }

    public override async Task DisposeAsync()
    {
        _org.Dispose();
        await base.DisposeAsync();
    }

    private string ProvisioningToken(bool protocolV2) => ProvisioningTokens.Issue(
        new ProvisioningTokenRequest { Token = OnboardingWorld.AgentToken, Urls = [Nats.Url], ProtocolV2 = protocolV2 }, _org, TimeProvider.System);

    private string ChainSettings() => $"""
        jwt-verify-key = "{Path.Combine(World.Dir, "org.pub")}"
        server-jwt.signing-token = "{Path.Combine(World.Dir, "signer.jwt")}"
        """;

    [Fact]
    public async Task One_cluster_provisions_a_v1_fleet_and_a_v2_fleet_at_once_and_every_v2_server_jwt_verifies_with_the_org_issuer_through_the_chain()
    {
        await World.StartMemberAsync(ChainSettings());

        var fleets = await Task.WhenAll(
            World.RunFleetAsync(8, "pv1-", token: ProvisioningToken(protocolV2: false)),
            World.RunFleetAsync(8, "pv2-", token: ProvisioningToken(protocolV2: true)));

        var (v1, v2) = (fleets[0], fleets[1]);
        Assert.True(v1.AllProvisioned, v1.SummaryLine);
        Assert.True(v2.AllProvisioned, v2.SummaryLine);
        Assert.All(v1.Nodes, n => Assert.False(n.SpeaksProtocolV2, n.Identity));
        Assert.All(v2.Nodes, n => Assert.True(n.SpeaksProtocolV2, n.Identity));

        await Eventually.TrueAsync(async () => (await World.JournalAsync("pv2-")).Count(r => r.FinalStage == NodeStage.Provisioned) == 8, TimeSpan.FromSeconds(30));
        var events = await World.EventsAsync("pv2-");
        Assert.Equal(8, events.Count);
        var orgKey = Convert.FromHexString(_org.VerificationKey.Ed25519PublicKeyHex!);
        foreach (var (identity, nodeEvents) in events)
        {
            var issued = ServerJwts(nodeEvents).Last();
            Assert.True(SpecChainCheck.Verifies(issued.ServerJwt, orgKey), $"{identity}: server JWT does not verify through the chain");
            var claims = ServerTokens.Verify(issued.ServerJwt, _org.VerificationKey, TimeProvider.System, identity);
            Assert.StartsWith(TrustChain.ChainIssuerPrefix, claims.Issuer);
        }
        using var otherOrg = Provisioner.Security.Keys.Ed25519KeyPair.Generate();
        Assert.False(SpecChainCheck.Verifies(ServerJwts(events.Values.First()).Last().ServerJwt, otherOrg.PublicKey));
    }

    // The journal holds a server JWT inside CredentialsIssued since issue 20, as JwtIssued in older journals.
    private static IEnumerable<NodeEvents.JwtIssued> ServerJwts(IEnumerable<INodeEvent> events) =>
        events.SelectMany<INodeEvent, NodeEvents.JwtIssued>(e => e switch
        {
            NodeEvents.JwtIssued j => [j],
            NodeEvents.CredentialsIssued { ServerJwt: { } j } => [j],
            _ => [],
        });

    [Fact]
    public async Task A_member_without_a_chain_signer_speaks_v1_only_so_a_v2_fleet_goes_unanswered()
    {
        await World.StartMemberAsync($"jwt-verify-key = \"{Path.Combine(World.Dir, "org.pub")}\"");

        var result = await World.RunFleetAsync(2, "pv2-none-", token: ProvisioningToken(protocolV2: true), timeout: TimeSpan.FromSeconds(15));

        Assert.Equal(0, result.Provisioned);
        Assert.All(result.Nodes, n => Assert.Equal(0, n.Requests));
        Assert.Empty(await World.JournalAsync("pv2-none-"));
    }
}
