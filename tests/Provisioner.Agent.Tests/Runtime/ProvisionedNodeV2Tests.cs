using System.Security.Cryptography;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Files;
using Provisioner.Agent.Runtime;
using Provisioner.Agent.Tests.Boot;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Agent.Tests.Runtime;

/// <summary>
/// A node provisioned onto the choria-v2 §3.3 configuration speaks protocol v2 (the <c>choria</c> provider means v2)
/// and, unlike a provisioning-mode node, checks each request as §2.5 says before acting on it: the caller's JWT
/// verifies with the org issuer of its <c>ou</c>, grants <c>fleet_management</c>, its <c>public_key</c> signed the
/// request, and its <c>callerid</c> is the request's <c>caller</c>.
/// </summary>
public sealed class ProvisionedNodeV2Tests : IDisposable
{
    private const string CallerId = "provisioner_signer";

    private readonly Ed25519KeyPair _org = Ed25519KeyPair.Generate();
    private readonly TokenSigningKey _orgKey;
    private readonly TokenSigningKey _callerKey = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));
    private readonly NodeRuntime _node;

    public ProvisionedNodeV2Tests()
    {
        _orgKey = TokenSigningKey.FromEd25519Seed(_org.ExportSeed());
        var files = new MemoryFileStore();
        files.WriteText(TestNode.Paths.TokenFile, TestTokens.Provisioning(protocolV2: true), FileModes.Public);
        files.WriteText(TestNode.Paths.ConfigFile, ChainCredentials.Section33Config(_org.PublicKeyHex), FileModes.Public);
        ChainCredentials.Write(files, _org);
        var boot = NodeBoot.Decide(files, TestNode.Paths, null, TimeProvider.System);
        Assert.Equal(NodeMode.Provisioned, boot.Mode);
        _node = new NodeRuntime(new NodeContext { Files = files, Paths = TestNode.Paths, Boot = boot });
    }

    public void Dispose()
    {
        _node.Dispose();
        _callerKey.Dispose();
        _orgKey.Dispose();
        _org.Dispose();
    }

    private string CallerToken(TokenSigningKey? org = null, string ou = "choria", ClientPermissions? permissions = null) =>
        ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = CallerId,
            PublicKeyHex = _callerKey.VerificationKey.Ed25519PublicKeyHex!,
            Validity = TimeSpan.FromDays(1),
            OrganizationUnit = ou,
            Permissions = permissions ?? new ClientPermissions { FleetManagement = true, Provisioner = true },
        }, org ?? _orgKey, TimeProvider.System);

    private NodeResponse Send(IRequestSigner signer) =>
        _node.Handle(ChoriaCodecV2.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.RpcUtil,
            Action = "inventory",
            Data = RpcData.Parse("{}"),
            SenderId = "prov.example.net",
            CallerId = signer.CallerId,
            RequestId = Ksuid.New(DateTimeOffset.UtcNow).ToString(),
            Collective = "choria",
        }, signer), TestNode.Broker);

    [Fact]
    public void A_provisioned_node_on_the_choria_provider_speaks_v2_and_answers_a_caller_the_org_issuer_vouches_for()
    {
        var response = Send(CallerSigner.Create(CallerToken(), _callerKey));

        Assert.True(_node.SpeaksProtocolV2);
        Assert.False(response.IsDropped, response.DropReason);
        var reply = ChoriaCodecV2.Default.DecodeReply(response.Reply);
        Assert.Equal((TestNode.Identity, StatusCode.Ok), (reply.Reply.Sender, reply.Body!.StatusCode));
        Assert.Equal(["choria"], RpcData.Read<InventoryReply>(reply.Body.Data, "inventory").Collectives);
    }

    [Fact]
    public void A_caller_token_from_another_org_issuer_is_dropped()
    {
        using var otherOrg = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));

        var response = Send(CallerSigner.Create(CallerToken(org: otherOrg), _callerKey));

        Assert.True(response.IsDropped);
        Assert.Contains("could not verify the caller token", response.DropReason);
    }

    [Fact]
    public void A_caller_whose_ou_has_no_issuer_here_is_dropped_with_choria_reason()
    {
        var response = Send(CallerSigner.Create(CallerToken(ou: "acme"), _callerKey));

        Assert.True(response.IsDropped);
        Assert.Contains("no issuer found for acme ou", response.DropReason);
    }

    [Fact]
    public void A_caller_without_fleet_management_is_dropped()
    {
        var response = Send(CallerSigner.Create(CallerToken(permissions: new ClientPermissions { Provisioner = true }), _callerKey));

        Assert.True(response.IsDropped);
        Assert.Contains("fleet_management", response.DropReason);
    }

    [Fact]
    public void A_request_signed_by_another_key_than_the_tokens_is_dropped()
    {
        using var other = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));

        var response = Send(new RawSigner(CallerId, CallerToken(), other));

        Assert.True(response.IsDropped);
        Assert.Contains("the request signature does not verify", response.DropReason);
    }

    [Fact]
    public void A_request_whose_caller_is_not_the_tokens_callerid_is_dropped_with_choria_reason()
    {
        var response = Send(new RawSigner("up=mallory", CallerToken(), _callerKey));

        Assert.True(response.IsDropped);
        Assert.EndsWith("caller name does not match token", response.DropReason);
    }

    [Fact]
    public void A_v1_request_at_a_provisioned_choria_provider_node_is_dropped()
    {
        var v1 = ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.RpcUtil, Action = "inventory", Data = RpcData.Parse("{}"), SenderId = "prov.example.net",
            CallerId = "choria=prov.example.net", RequestId = RequestIds.New(), Collective = "choria",
        });

        Assert.Equal(ProtocolsV2.V1AtV2Node, _node.Handle(v1, TestNode.Broker).DropReason);
    }

    /// <summary>A caller presenting <paramref name="token"/> under <paramref name="callerId"/>, signing with <paramref name="key"/> whatever the token names.</summary>
    private sealed class RawSigner(string callerId, string token, TokenSigningKey key) : IRequestSigner
    {
        public string CallerId => callerId;

        public string CallerToken => token;

        public byte[] Sign(ReadOnlySpan<byte> request) => key.Sign(request);
    }
}
