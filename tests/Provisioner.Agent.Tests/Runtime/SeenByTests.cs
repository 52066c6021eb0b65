using System.Text.Json;
using Provisioner.Messages.Wire;
using Xunit;

namespace Provisioner.Agent.Tests.Runtime;

/// <summary>Every answer of a node records its hop in <c>seen-by</c>, as a Choria server's connector does on publishing.</summary>
public sealed class SeenByTests
{
    private static byte[] Request(string agent, string action) =>
        ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = agent,
            Action = action,
            Data = RpcData.Parse("""{"token":"s3cr3t"}"""),
            SenderId = TestNode.Provisioner,
            CallerId = TestNode.CallerId,
            RequestId = RequestIds.New(),
            SeenByUrl = "nats://prov-side.example.net:4222",
        });

    private static string Headers(byte[]? transport)
    {
        Assert.NotNull(transport);
        using var json = JsonDocument.Parse(transport);
        return json.RootElement.GetProperty("headers").GetRawText();
    }

    [Fact]
    public void An_rpc_reply_records_the_node_on_its_connected_broker()
    {
        using var node = new TestNode();

        var response = node.Runtime.Handle(Request(AgentNames.Provision, "jwt"), TestNode.Broker);

        Assert.Equal(
            """{"mc_sender":"n1.example.net","seen-by":[["nats://broker.example.net:4222","n1.example.net","nats://broker.example.net:4222"]]}""",
            Headers(response.Reply));
    }

    [Fact]
    public void A_pong_records_the_node_on_its_connected_broker()
    {
        using var node = new TestNode();
        var ping = ChoriaCodec.Default.EncodeDiscoveryPing(TestNode.Provisioner, TestNode.CallerId, RequestIds.New(), seenByUrl: "nats://prov-side.example.net:4222");

        var response = node.Runtime.Handle(ping, TestNode.Broker);

        Assert.Equal(
            """{"mc_sender":"n1.example.net","seen-by":[["nats://broker.example.net:4222","n1.example.net","nats://broker.example.net:4222"]]}""",
            Headers(response.Reply));
    }

    [Fact]
    public void A_reply_made_while_disconnected_records_empty_urls()
    {
        using var node = new TestNode();

        var response = node.Runtime.Handle(Request(AgentNames.RpcUtil, "inventory"), TestNode.Broker with { ConnectedServer = "" });

        Assert.Equal("""{"mc_sender":"n1.example.net","seen-by":[["","n1.example.net",""]]}""", Headers(response.Reply));
    }
}
