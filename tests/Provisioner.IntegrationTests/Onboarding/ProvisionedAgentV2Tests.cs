using System.Collections.Concurrent;
using NATS.Client.Core;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.IntegrationTests.Agent;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// The real agent, given a <c>v2</c> provisioning token, provisioned by a member on an org issuer network over a real
/// nats-server: it boots on the choria-v2 §3.3 configuration (scenario 23) in collective <c>choria</c>, speaks v2 there,
/// answers a request the provisioner's chain issuer token and seed sign, and drops one whose caller token another org
/// issued (§2.5).
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class ProvisionedAgentV2Tests(NatsServerFixture nats) : OrgIssuerNetworkTest(nats)
{
    [Fact]
    public async Task Scenario_23_a_v2_agent_boots_provisioned_on_the_choria_provider_in_collective_choria_and_verifies_who_calls_it()
    {
        await World.StartMemberAsync(Network.MemberSettings);
        using var verify = TokenVerificationKey.FromEd25519(Network.OrgPublicKey);
        await using var node = TestNodeHost.Start(NodeKind.RealAgent, new ProvisioningToken(Network.ProvisioningToken(protocolV2: true), verify), PkiKeyAlgorithm.EcdsaP256);
        await Eventually.TrueAsync(async () => (await World.JournalAsync(node.Identity)).Any(r => r.FinalStage == NodeStage.Provisioned), TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => node.Agent!.CurrentBoot?.Mode == NodeMode.Provisioned, TimeSpan.FromMinutes(1));

        var directory = node.ConfigDirectory!;
        var config = ServerConfig.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "server.conf")), "server.conf");
        Assert.Equal("choria", config.Get(ServerConfigKeys.SecurityProvider));
        Assert.Equal(Path.Combine(directory, "server.jwt"), config.Get(ServerConfigKeys.ChoriaTokenFile));
        Assert.Equal(Path.Combine(directory, "server.seed"), config.Get(ServerConfigKeys.ChoriaSeedFile));
        Assert.Null(ChoriaProviderRules.Problem(config));
        Assert.True(SpecChainCheck.Verifies((await File.ReadAllTextAsync(Path.Combine(directory, "server.jwt"))).Trim(), Network.OrgPublicKey));

        await using var connection = new NatsConnection(new NatsOpts { Url = Nats.Url });
        await connection.ConnectAsync();
        var inbox = $"_INBOX.v2test.{Guid.NewGuid():N}";
        var replies = new ConcurrentQueue<DecodedReplyV2>();
        await using var subscription = await connection.SubscribeCoreAsync<byte[]>(inbox);
        var reading = Task.Run(async () =>
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync())
            {
                replies.Enqueue(ChoriaCodecV2.Default.DecodeReply(message.Data));
            }
        });
        await connection.PingAsync();

        using var signerKey = TokenSigningKey.Load(Path.Combine(World.Dir, "server-jwt.seed"));
        var provisioner = CallerSigner.Create(await File.ReadAllTextAsync(Path.Combine(World.Dir, "signer.jwt")), signerKey);
        using var otherOrg = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var stranger = CallerSigner.Create(ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = "provisioner_signer", PublicKeyHex = signerKey.VerificationKey.Ed25519PublicKeyHex!, Validity = TimeSpan.FromDays(1),
        }, otherOrg, TimeProvider.System), signerKey);

        // The node may subscribe a moment after its boot is decided: ask until it answers.
        var first = "";
        await Eventually.TrueAsync(async () =>
        {
            first = await SendAsync(connection, node.Identity, inbox, provisioner);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            return replies.Any(r => r.Reply.Request == first);
        }, TimeSpan.FromMinutes(1));
        var answered = replies.First(r => r.Reply.Request == first);
        Assert.Equal((node.Identity, StatusCode.Ok), (answered.Reply.Sender, answered.Body!.StatusCode));
        Assert.Equal(["choria"], RpcData.Read<InventoryReply>(answered.Body.Data, "inventory").Collectives);

        // Requests are handled in order, so once the second is answered the stranger's has been dropped.
        var refused = await SendAsync(connection, node.Identity, inbox, stranger);
        var second = await SendAsync(connection, node.Identity, inbox, provisioner);
        await Eventually.TrueAsync(() => replies.Any(r => r.Reply.Request == second), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(replies, r => r.Reply.Request == refused);

        await subscription.UnsubscribeAsync();
        await reading;
    }

    private static async Task<string> SendAsync(NatsConnection connection, string identity, string inbox, IRequestSigner signer)
    {
        var id = Ksuid.New(DateTimeOffset.UtcNow).ToString();
        var request = ChoriaCodecV2.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.RpcUtil,
            Action = "inventory",
            Data = RpcData.Parse("{}"),
            SenderId = "v2test.example.net",
            CallerId = signer.CallerId,
            RequestId = id,
            Collective = "choria",
            ReplyTo = inbox,
        }, signer);
        await connection.PublishAsync(Subjects.NodeRequest(identity, "choria"), request);
        return id;
    }
}
