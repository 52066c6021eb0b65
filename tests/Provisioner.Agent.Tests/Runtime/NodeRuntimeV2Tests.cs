using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Agent.Actions;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Agent.Tests.Runtime;

/// <summary>
/// A node whose provisioning token says <c>v2</c>, as choria-v2 §3.1 and its acceptance scenarios describe it: it
/// answers protocol v2 only, verifies nothing in provisioning mode (Choria sets <c>protocol.Secure=false</c> there),
/// and replies unsigned with the reply's hash, to the request's <c>reply</c> header.
/// </summary>
public sealed class NodeRuntimeV2Tests
{
    private const string Caller = "provisioner_signer";

    private static TestNode V2Node() => new(token: TestTokens.Provisioning(protocolV2: true));

    private static byte[] RequestV2(string agent, string action, string dataJson, IRequestSigner? signer = null, string sender = TestNode.Provisioner) =>
        ChoriaCodecV2.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = agent,
            Action = action,
            Data = RpcData.Parse(dataJson),
            SenderId = sender,
            CallerId = (signer ?? ZeroSigner.Any).CallerId,
            RequestId = Ksuid.New(DateTimeOffset.UtcNow).ToString(),
        }, signer ?? ZeroSigner.Any);

    private static byte[] RequestV1(string agent, string action, string dataJson) =>
        ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = agent,
            Action = action,
            Data = RpcData.Parse(dataJson),
            SenderId = TestNode.Provisioner,
            CallerId = TestNode.CallerId,
            RequestId = RequestIds.New(),
        });

    private static RpcReplyBody Body(Provisioner.Agent.Runtime.NodeResponse response)
    {
        Assert.False(response.IsDropped, response.DropReason);
        var reply = ChoriaCodecV2.Default.DecodeReply(response.Reply);
        Assert.Equal(TestNode.Identity, reply.Sender);
        return reply.Body!;
    }

    [Fact]
    public void A_v2_request_round_trips_to_a_v2_reply_on_the_reply_header_with_its_hash_and_no_signature()
    {
        using var node = V2Node();
        var transport = RequestV2(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}""");
        var request = ChoriaCodecV2.Default.DecodeRequest(transport);

        var response = node.Runtime.Handle(transport, TestNode.Broker);

        Assert.Equal(request.ReplyTo, response.ReplySubject);
        Assert.Equal(Subjects.Reply(Caller, request.Request.Id), response.ReplySubject);
        var reply = ChoriaCodecV2.Default.DecodeReply(response.Reply);
        Assert.Equal(request.Request.Id, reply.Reply.Request);
        Assert.Null(reply.Secure.Signature);
        Assert.Equal(SecureReplyV2.HashOf(Convert.FromBase64String(reply.Secure.Reply)), reply.Secure.Hash);
        Assert.Equal(StatusCode.Ok, reply.Body!.StatusCode);
        Assert.Equal(node.Files.ReadText(TestNode.Paths.TokenFile), RpcData.Read<JwtReply>(reply.Body.Data, "jwt").Jwt);
    }

    [Fact]
    public void Scenario_5_a_v2_node_drops_a_v1_request_and_a_v1_node_drops_a_v2_request_without_reply()
    {
        using var v2 = V2Node();
        using var v1 = new TestNode();

        var atV2 = v2.Runtime.Handle(RequestV1(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}"""), TestNode.Broker);
        var atV1 = v1.Runtime.Handle(RequestV2(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}"""), TestNode.Broker);

        Assert.True(atV2.IsDropped);
        Assert.Equal(ProtocolsV2.V1AtV2Node, atV2.DropReason);
        Assert.True(atV1.IsDropped);
        Assert.Equal(ProtocolsV2.V2AtV1Node, atV1.DropReason);
    }

    [Fact]
    public void Scenario_5_a_v1_discovery_finds_no_v2_node()
    {
        using var node = V2Node();
        var ping = ChoriaCodec.Default.EncodeDiscoveryPing(TestNode.Provisioner, TestNode.CallerId, RequestIds.New());

        Assert.True(node.Runtime.Handle(ping, TestNode.Broker).IsDropped);
        Assert.True(node.Runtime.Handle(ChoriaCodec.Default.DecodeRequest(ping), TestNode.Broker).IsDropped);
    }

    [Fact]
    public void Scenario_6_a_v2_provisioning_node_answers_an_all_zero_signature_with_any_non_empty_caller()
    {
        using var node = V2Node();
        var signer = new ZeroSigner("up=anyone", "not even a JWT");

        var reply = Body(node.Runtime.Handle(RequestV2(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}""", signer), TestNode.Broker));

        Assert.Equal(StatusCode.Ok, reply.StatusCode);
    }

    [Fact]
    public void Scenario_7_a_v2_node_answers_double_encoded_discovery_with_pong_from_itself()
    {
        using var node = V2Node();
        var ping = ChoriaCodecV2.Default.EncodeDiscoveryPing(TestNode.Provisioner, ZeroSigner.Any, Ksuid.New(DateTimeOffset.UtcNow).ToString());

        var response = node.Runtime.Handle(ping, TestNode.Broker);

        Assert.False(response.IsDropped, response.DropReason);
        var reply = ChoriaCodecV2.Default.DecodeReply(response.Reply);
        Assert.True(reply.IsPong);
        Assert.Equal("cG9uZw==", reply.Reply.Message);
        Assert.Equal(AgentNames.Discovery, reply.Reply.Agent);
        Assert.Equal(TestNode.Identity, reply.Headers.Sender);
    }

    [Fact]
    public void Scenario_7_a_single_encoded_ping_gets_no_pong()
    {
        using var node = V2Node();
        var ping = ChoriaCodecV2.Default.EncodeDiscoveryPing(TestNode.Provisioner, ZeroSigner.Any, Ksuid.New(DateTimeOffset.UtcNow).ToString());
        var single = Rewrap(ping, request => request.Replace($"\"message\":\"{ProtocolsV2.DiscoveryPingMessage}\"", "\"message\":\"cGluZw==\""));
        Assert.NotEqual(ping, single);

        Assert.True(node.Runtime.Handle(single, TestNode.Broker).IsDropped);
    }

    [Fact]
    public void Scenario_9_a_second_sender_and_caller_within_two_minutes_cannot_obtain_the_provisioning_lock()
    {
        using var node = V2Node();
        var first = new ZeroSigner(Caller, "t1");
        var second = new ZeroSigner("other_signer", "t1");

        var held = Body(node.Runtime.Handle(RequestV2(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}""", first), TestNode.Broker));
        var refused = Body(node.Runtime.Handle(RequestV2(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}""", second, "prov2.example.net"), TestNode.Broker));
        var again = Body(node.Runtime.Handle(RequestV2(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}""", first), TestNode.Broker));

        Assert.Equal(StatusCode.Ok, held.StatusCode);
        Assert.Equal(StatusCode.Aborted, refused.StatusCode);
        Assert.Equal(ActionMessages.Locked, refused.StatusMessage);
        Assert.Equal(StatusCode.Ok, again.StatusCode);
        Assert.Equal($"{TestNode.Provisioner}.{Caller}", node.Actions.LockHolder);
    }

    [Fact]
    public void Scenario_17_the_same_agent_replies_v2_with_v2_true_in_its_token_and_v1_without()
    {
        using var v2 = V2Node();
        using var v1 = new TestNode();

        Assert.True(v2.Runtime.SpeaksProtocolV2);
        Assert.False(v1.Runtime.SpeaksProtocolV2);
        Assert.Equal(2, ProtocolsV2.VersionOfTransport(v2.Runtime.Handle(RequestV2(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}"""), TestNode.Broker).Reply));
        Assert.Equal(1, ProtocolsV2.VersionOfTransport(v1.Runtime.Handle(RequestV1(AgentNames.Provision, "jwt", """{"token":"s3cr3t"}"""), TestNode.Broker).Reply));
    }

    // The transport with its request layer's text changed by edit, every base64 layer re-encoded around it.
    private static byte[] Rewrap(byte[] transport, Func<string, string> edit)
    {
        var outer = JsonNode.Parse(transport)!.AsObject();
        var secure = JsonNode.Parse(Convert.FromBase64String(outer["data"]!.GetValue<string>()))!.AsObject();
        var request = Encoding.UTF8.GetString(Convert.FromBase64String(secure["request"]!.GetValue<string>()));
        secure["request"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(edit(request)));
        outer["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(secure.ToJsonString()));
        return Encoding.UTF8.GetBytes(outer.ToJsonString());
    }

    /// <summary>A caller whose signature is 64 zero bytes: provisioning-mode nodes do not check it.</summary>
    private sealed class ZeroSigner(string callerId, string token) : IRequestSigner
    {
        public static ZeroSigner Any { get; } = new(Caller, "caller-token");

        public string CallerId => callerId;

        public string CallerToken => token;

        public byte[] Sign(ReadOnlySpan<byte> request) => new byte[64];
    }
}
