using System.Text;
using System.Text.Json;
using Provisioner.Messages.Wire;
using Provisioner.Testing;
using Xunit;
using static Provisioner.Messages.Tests.Wire.WorkedExample;

namespace Provisioner.Messages.Tests.Wire;

/// <summary>The <c>seen-by</c> header of replies as Go publishers write it (choria-wire.md §1.4, §2.4).</summary>
public sealed class SeenByTests
{
    private static readonly ChoriaCodec Codec = new(ManualClock.AtUnix(Time + 1));

    private static readonly DateTimeOffset ReplyTime = DateTimeOffset.FromUnixTimeSeconds(Time + 1);

    private static string Headers(byte[] transport)
    {
        using var json = JsonDocument.Parse(transport);
        return json.RootElement.GetProperty("headers").GetRawText();
    }

    private static DecodedRequest RequestWithHeaders(string headersJson)
    {
        using var json = JsonDocument.Parse(Transport);
        var data = json.RootElement.GetProperty("data").GetString();
        var transport = "{\"protocol\":\"choria:transport:1\",\"data\":\"" + data + "\",\"headers\":" + headersJson + "}";
        return Codec.DecodeRequest(Encoding.UTF8.GetBytes(transport));
    }

    [Fact]
    public void A_pong_records_the_node_hop_on_its_broker()
    {
        var ping = Codec.EncodeDiscoveryPing(Identity, CallerId, RequestId, DateTimeOffset.FromUnixTimeSeconds(Time), BrokerUrl);

        var pong = Codec.EncodeDiscoveryPong(Codec.DecodeRequest(ping), Node, ReplyTime, BrokerUrl);

        Assert.Equal(
            """{"mc_sender":"n1.example.net","seen-by":[["nats://broker.example.net:4222","n1.example.net","nats://broker.example.net:4222"]]}""",
            Headers(pong));
    }

    [Fact]
    public void A_reply_sent_while_disconnected_records_a_hop_with_empty_urls()
    {
        var reply = Codec.EncodeReply(Codec.DecodeRequest(Encoding.UTF8.GetBytes(Transport)), Node, RpcReplyBody.Ok("gen25519", RpcData.EmptyObject), ReplyTime, "");

        Assert.Equal("""{"mc_sender":"n1.example.net","seen-by":[["","n1.example.net",""]]}""", Headers(reply));
    }

    [Fact]
    public void A_reply_encoded_without_a_connection_records_no_hop()
    {
        var reply = Codec.EncodeReply(Codec.DecodeRequest(Encoding.UTF8.GetBytes(Transport)), Node, RpcReplyBody.Ok("gen25519", RpcData.EmptyObject), ReplyTime);

        Assert.Equal("""{"mc_sender":"n1.example.net"}""", Headers(reply));
    }

    [Fact]
    public void A_reply_to_an_unfederated_request_does_not_repeat_the_request_hops()
    {
        var request = Codec.DecodeRequest(Encoding.UTF8.GetBytes(Transport));
        Assert.NotNull(request.Headers.SeenBy);

        var reply = Codec.EncodeReply(request, Node, RpcReplyBody.Ok("gen25519", RpcData.EmptyObject), ReplyTime, "nats://b2:4222");

        Assert.Equal("""{"mc_sender":"n1.example.net","seen-by":[["nats://b2:4222","n1.example.net","nats://b2:4222"]]}""", Headers(reply));
    }

    [Fact]
    public void A_reply_to_a_federated_request_carries_the_request_hops_then_its_own()
    {
        var request = RequestWithHeaders(
            """{"reply-to":"provisioning.reply.x.y","mc_sender":"prov.example.net","seen-by":[["nats://a:4222","prov.example.net","nats://a:4222"],["nats://a:4222","fed1","nats://b:4222"]],"federation":{"req":"5f3c2a9e8b7d4c1fa0e9d8c7b6a59483","reply-to":"provisioning.reply.x.y","target":["provisioning.node.n1.example.net"]}}""");

        var reply = Codec.EncodeReply(request, Node, RpcReplyBody.Ok("gen25519", RpcData.EmptyObject), ReplyTime, "nats://b:4222");

        Assert.Equal(
            """{"mc_sender":"n1.example.net","seen-by":[["nats://a:4222","prov.example.net","nats://a:4222"],["nats://a:4222","fed1","nats://b:4222"],["nats://b:4222","n1.example.net","nats://b:4222"]],"federation":{"req":"5f3c2a9e8b7d4c1fa0e9d8c7b6a59483","reply-to":"provisioning.reply.x.y","target":["provisioning.node.n1.example.net"]}}""",
            Headers(reply));
    }

    [Fact]
    public void A_hop_with_text_no_string_can_hold_is_dropped_and_the_others_kept()
    {
        var request = RequestWithHeaders(
            """{"reply-to":"provisioning.reply.x.y","mc_sender":"prov.example.net","seen-by":[["nats://a:4222","\ud800","nats://a:4222"],["nats://a:4222","fed1","nats://b:4222"]]}""");

        var hop = Assert.Single(request.Headers.SeenBy!);
        Assert.Equal(["nats://a:4222", "fed1", "nats://b:4222"], hop);
    }
}
