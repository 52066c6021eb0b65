using System.Text;
using Provisioner.Agent.Boot;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Files;
using Xunit;

namespace Provisioner.Agent.Tests.Runtime;

/// <summary>The node between the wire and its actions: envelopes in and out, filters, discovery and bad input.</summary>
public sealed class NodeRuntimeTests
{
    private const string CallerId = TestNode.CallerId;

    private static byte[] Request(string agent, string action, string dataJson, string identity = TestNode.Identity, string? replyTo = null, string collective = Protocols.ProvisioningCollective) =>
        ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = agent,
            Action = action,
            Data = RpcData.Parse(dataJson),
            SenderId = TestNode.Provisioner,
            CallerId = CallerId,
            RequestId = RequestIds.New(),
            Collective = collective,
            ReplyTo = replyTo,
        });

    private static RpcReplyBody Body(Provisioner.Agent.Runtime.NodeResponse response)
    {
        Assert.False(response.IsDropped, response.DropReason);
        var reply = ChoriaCodec.Default.DecodeReply(response.Reply);
        Assert.Equal(TestNode.Identity, reply.Sender);
        return reply.Body!;
    }

    [Fact]
    public void A_request_round_trips_through_all_envelopes_to_the_reply_subject()
    {
        using var node = new TestNode();
        var transport = Request(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}""");
        var request = ChoriaCodec.Default.DecodeRequest(transport);

        var response = node.Runtime.Handle(transport, TestNode.Broker);

        Assert.Equal(Subjects.Reply(CallerId, request.Envelope.RequestId), response.ReplySubject);
        var reply = ChoriaCodec.Default.DecodeReply(response.Reply);
        Assert.Equal(request.Envelope.RequestId, reply.Envelope.RequestId);
        Assert.Equal(AgentNames.Provision, reply.Envelope.Agent);
        Assert.Equal("jwt", reply.Body!.Action);
        Assert.Equal(StatusCode.Ok, reply.Body.StatusCode);
        Assert.Equal(node.Files.ReadText(TestNode.Paths.TokenFile), RpcData.Read<JwtReply>(reply.Body.Data, "jwt").Jwt);
    }

    [Fact]
    public void A_discovery_ping_gets_a_pong()
    {
        using var node = new TestNode();
        var ping = ChoriaCodec.Default.EncodeDiscoveryPing(TestNode.Provisioner, CallerId, RequestIds.New());

        var response = node.Runtime.Handle(ping, TestNode.Broker);

        var reply = ChoriaCodec.Default.DecodeReply(response.Reply);
        Assert.True(reply.IsPong);
        Assert.Equal(TestNode.Identity, ChoriaCodec.Default.ReadSender(response.Reply!));
    }

    [Fact]
    public void Malformed_body_gets_invalid_data_and_the_node_keeps_serving()
    {
        using var node = new TestNode();
        var broken = Encoding.UTF8.GetString(Request(AgentNames.Provision, "jwt", "{}"));
        var transport = ChoriaCodec.Default.DecodeRequest(Encoding.UTF8.GetBytes(broken));
        var bad = RewriteBody(transport, "{\"agent\":\"choria_provision\",\"action\":");

        var badReply = Body(node.Runtime.Handle(bad, TestNode.Broker));
        var goodReply = Body(node.Runtime.Handle(Request(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}"""), TestNode.Broker));

        Assert.Equal(StatusCode.InvalidData, badReply.StatusCode);
        Assert.Equal("", badReply.Action);
        Assert.StartsWith("Could not process request:", badReply.StatusMessage);
        Assert.Equal(StatusCode.Ok, goodReply.StatusCode);
    }

    [Fact]
    public void Unknown_agents_and_actions_get_unknown_action()
    {
        using var node = new TestNode();

        var agent = Body(node.Runtime.Handle(Request("puppet", "run", "{}"), TestNode.Broker));
        var action = Body(node.Runtime.Handle(Request(AgentNames.Provision, "explode", """{"token":"s3cr3t"}"""), TestNode.Broker));
        var util = Body(node.Runtime.Handle(Request(AgentNames.RpcUtil, "ping", "{}"), TestNode.Broker));

        Assert.Equal((StatusCode.UnknownAction, "Unknown agent puppet"), (agent.StatusCode, agent.StatusMessage));
        Assert.Equal((StatusCode.UnknownAction, "Unknown action explode for agent choria_provision"), (action.StatusCode, action.StatusMessage));
        Assert.Equal(StatusCode.UnknownAction, util.StatusCode);
    }

    [Fact]
    public void Garbage_is_dropped_and_the_node_keeps_serving()
    {
        using var node = new TestNode();

        Assert.True(node.Runtime.Handle(Encoding.UTF8.GetBytes("not json at all"), TestNode.Broker).IsDropped);
        Assert.True(node.Runtime.Handle(Encoding.UTF8.GetBytes("""{"protocol":"choria:transport:1","data":"!!","headers":{}}"""), TestNode.Broker).IsDropped);
        Assert.Equal(StatusCode.Ok, Body(node.Runtime.Handle(Request(AgentNames.RpcUtil, "inventory", "{}"), TestNode.Broker)).StatusCode);
    }

    [Fact]
    public void Requests_for_another_collective_or_identity_or_with_a_wildcard_reply_are_dropped()
    {
        using var node = new TestNode();
        var otherIdentity = ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.Provision,
            Action = "jwt",
            Data = RpcData.Parse("{}"),
            SenderId = TestNode.Provisioner,
            CallerId = CallerId,
            RequestId = RequestIds.New(),
        });

        Assert.True(node.Runtime.Handle(Request(AgentNames.Provision, "jwt", "{}", collective: "choria"), TestNode.Broker).IsDropped);
        Assert.True(node.Runtime.Handle(Request(AgentNames.Provision, "jwt", "{}", replyTo: "provisioning.reply.>"), TestNode.Broker).IsDropped);
        Assert.False(node.Runtime.Handle(otherIdentity, TestNode.Broker).IsDropped);
    }

    [Fact]
    public void Inventory_reports_the_provisioning_agents_and_collective()
    {
        using var node = new TestNode();

        var inventory = RpcData.Read<InventoryReply>(Body(node.Runtime.Handle(Request(AgentNames.RpcUtil, "inventory", "{}"), TestNode.Broker)).Data, "inventory");

        Assert.Equal(["choria_provision", "choria_util", "discovery", "rpcutil"], inventory.Agents);
        Assert.Equal(["provisioning"], inventory.Collectives);
        Assert.Equal("provisioning", inventory.MainCollective);
        Assert.Equal(AgentVersion.Current, inventory.Version);
        Assert.False(inventory.Upgradable);
    }

    [Fact]
    public void Configure_carries_a_provisioned_event_from_the_node_to_publish_before_the_reply()
    {
        using var node = new TestNode();

        var response = node.Runtime.Handle(Request(AgentNames.Provision, "configure", """{"token":"s3cr3t","config":"{\"plugin.choria.server.provision\":\"false\"}"}"""), TestNode.Broker);

        var provisioned = Assert.Single(response.Events);
        Assert.Equal(LifecycleEventType.Provisioned, provisioned.Type);
        Assert.Equal(TestNode.Identity, provisioned.Identity);
        Assert.Equal(LifecycleComponents.ProvisionModeServer, provisioned.Component);
        Assert.Equal("choria.lifecycle.event.provisioned.provision_mode_server", provisioned.Subject);
    }

    [Fact]
    public void A_provisioning_node_subscribes_its_node_subject_and_its_agents_broadcasts()
    {
        using var node = new TestNode();

        Assert.Equal(NodeMode.Provisioning, node.Runtime.Mode);
        Assert.Equal(
            ["provisioning.node.n1.example.net", "provisioning.broadcast.agent.choria_provision", "provisioning.broadcast.agent.choria_util",
             "provisioning.broadcast.agent.discovery", "provisioning.broadcast.agent.rpcutil"],
            node.Runtime.Subscriptions);
        Assert.Equal(LifecycleComponents.ProvisionModeServer, node.Runtime.NewEvent(LifecycleEventType.Startup).Component);
        Assert.Equal(AgentVersion.Current, node.Runtime.NewEvent(LifecycleEventType.Startup).Version);
    }

    [Fact]
    public void A_provisioned_node_subscribes_its_node_subject_in_each_collective_and_announces_as_server()
    {
        var files = new Provisioner.Agent.Files.MemoryFileStore();
        files.WriteText(TestNode.Paths.ConfigFile, "plugin.choria.server.provision=false\ncollectives=choria,lab\n", FileModes.Public);
        using var node = new TestNode(files);

        Assert.Equal(["choria.node.n1.example.net", "lab.node.n1.example.net"], node.Runtime.Subscriptions);
        Assert.Equal("choria", node.Runtime.MainCollective);
        Assert.Equal("choria.lifecycle.event.startup.server", node.Runtime.NewEvent(LifecycleEventType.Startup).Subject);
    }

    // Re-wraps a decoded request with a different RPC body text, keeping every envelope valid.
    private static byte[] RewriteBody(DecodedRequest request, string body)
    {
        var inner = ChoriaJson.Serialize(request.Request with { Message = body });
        var secure = ChoriaJson.SerializeToUtf8Bytes(request.Secure with { Message = inner });
        return ChoriaJson.SerializeToUtf8Bytes(new TransportMessage(Protocols.Transport, Convert.ToBase64String(secure), request.Headers));
    }
}
