using System.Runtime.InteropServices;
using System.Text.Json;
using Provisioner.Agent.Actions;
using Provisioner.Agent.Runtime;
using Provisioner.Messages.Wire;
using Xunit;

namespace Provisioner.Agent.Tests.Actions;

/// <summary><c>choria_util#info</c> as a Choria server answers it, with this agent's own values.</summary>
public sealed class ChoriaUtilActionsTests
{
    private static byte[] Request(string action) =>
        ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.ChoriaUtil,
            Action = action,
            SenderId = TestNode.Provisioner,
            CallerId = TestNode.CallerId,
            RequestId = RequestIds.New(),
        });

    private static RpcReplyBody Call(TestNode node, string action, BrokerConnection broker)
    {
        var response = node.Runtime.Handle(Request(action), broker);
        Assert.False(response.IsDropped, response.DropReason);
        return ChoriaCodec.Default.DecodeReply(response.Reply).Body!;
    }

    [Fact]
    public void Info_reports_every_field_in_go_order_with_the_node_s_own_values()
    {
        using var node = new TestNode();

        var reply = Call(node, "info", TestNode.Broker);

        Assert.Equal(StatusCode.Ok, reply.StatusCode);
        Assert.Equal("info", reply.Action);
        var path = JsonSerializer.Serialize(Environment.GetEnvironmentVariable("PATH") ?? "");
        var expected =
            "{\"security\":\"choria\",\"connector\":\"choria\",\"client_version\":\"3.3.2\",\"client_flavour\":\"NATS.Net "
            + RuntimeInformation.FrameworkDescription + "\","
            + "\"client_options\":{\"servers\":[\"nats://broker.example.net:4222\"],\"dont_randomize_servers\":false,\"name\":\"provisioning n1.example.net\","
            + "\"pedantic\":false,\"secure\":false,\"allow_reconnect\":true,\"max_reconnect_attempts\":-1,\"reconnect_time_wait\":2,"
            + "\"connect_timeout\":2,\"ping_interval\":120,\"max_outstanding_pings\":2},"
            + "\"client_stats\":{\"in_msgs\":0,\"out_msgs\":0,\"in_bytes\":0,\"out_bytes\":0,\"reconnects\":0},"
            + "\"connected_server\":\"nats://broker.example.net:4222\",\"facter_domain\":\"\",\"facter_command\":\"\",\"srv_domain\":\"\","
            + "\"using_srv\":false,\"middleware_servers\":[\"broker.example.net:4222\"],\"path\":" + path + ","
            + "\"choria_version\":\"choria 0.29.4\",\"secure_protocol\":false,\"connector_tls\":true}";
        Assert.Equal(expected, reply.Data.GetRawText());
    }

    [Fact]
    public void Info_tells_the_srv_domain_the_brokers_came_from_and_the_broker_in_use()
    {
        using var node = new TestNode();
        var broker = TestNode.Broker with
        {
            ConnectedServer = "tls://b2.example.net:4223",
            Servers = ["tls://b1.example.net:4222", "tls://b2.example.net:4223"],
            Secure = true,
            SrvDomain = "example.net",
        };

        var data = Call(node, "info", broker).Data;

        Assert.Equal("tls://b2.example.net:4223", data.GetProperty("connected_server").GetString());
        Assert.Equal("example.net", data.GetProperty("srv_domain").GetString());
        Assert.True(data.GetProperty("using_srv").GetBoolean());
        Assert.True(data.GetProperty("client_options").GetProperty("secure").GetBoolean());
        Assert.Equal(["b1.example.net:4222", "b2.example.net:4223"], data.GetProperty("middleware_servers").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Info_while_disconnected_names_no_server()
    {
        using var node = new TestNode();

        var data = Call(node, "info", TestNode.Broker with { ConnectedServer = "" }).Data;

        Assert.Equal("", data.GetProperty("connected_server").GetString());
    }

    private static RpcReplyBody Call(TestNode node, string action, string data)
    {
        var request = ChoriaCodec.Default.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.ChoriaUtil,
            Action = action,
            Data = RpcData.Parse(data),
            SenderId = TestNode.Provisioner,
            CallerId = TestNode.CallerId,
            RequestId = RequestIds.New(),
        });
        var response = node.Runtime.Handle(request, TestNode.Broker);
        Assert.False(response.IsDropped, response.DropReason);
        return ChoriaCodec.Default.DecodeReply(response.Reply).Body!;
    }

    // Go's choriautil agent on a server whose autonomous-agent host never started (every provisioning-mode server).
    private const string UnknownMachine =
        "{\"name\":\"unknown machine\",\"version\":\"unknown machine\",\"state\":\"unknown machine\",\"path\":\"\",\"id\":\"\",\"start_time\":0,\"available_transitions\":null,\"scout\":false}";

    [Fact]
    public void Machine_states_lists_no_machines_with_empty_lists_and_map()
    {
        using var node = new TestNode();

        var reply = Call(node, "machine_states", TestNode.Broker);

        Assert.Equal((StatusCode.Ok, "OK", "machine_states"), (reply.StatusCode, reply.StatusMessage, reply.Action));
        Assert.Equal("{\"machine_ids\":[],\"machine_names\":[],\"states\":{}}", reply.Data.GetRawText());
    }

    [Fact]
    public void Machine_state_without_criteria_aborts_with_the_unknown_machine_placeholder()
    {
        using var node = new TestNode();

        var reply = Call(node, "machine_state", "{}");

        Assert.Equal((StatusCode.Aborted, "No search criteria given"), (reply.StatusCode, reply.StatusMessage));
        Assert.Equal(UnknownMachine, reply.Data.GetRawText());
    }

    [Theory]
    [InlineData("{\"name\":\"nagios\"}")]
    [InlineData("{\"instance\":\"2C8E1F4B\"}")]
    [InlineData("{\"path\":\"/etc/choria/machines/nagios\"}")]
    public void Machine_state_with_criteria_finds_no_running_machines(string data)
    {
        using var node = new TestNode();

        var reply = Call(node, "machine_state", data);

        Assert.Equal((StatusCode.Aborted, "No running machines"), (reply.StatusCode, reply.StatusMessage));
        Assert.Equal(UnknownMachine, reply.Data.GetRawText());
    }

    [Fact]
    public void Machine_state_with_unreadable_data_is_invalid_data()
    {
        using var node = new TestNode();

        var reply = Call(node, "machine_state", "{\"name\":5}");

        Assert.Equal(StatusCode.InvalidData, reply.StatusCode);
        Assert.StartsWith("Could not parse request data for choria_util#machine_state: ", reply.StatusMessage);
    }

    [Fact]
    public void Machine_transition_fails_because_no_machine_host_runs()
    {
        using var node = new TestNode();

        var reply = Call(node, "machine_transition", "{\"name\":\"nagios\",\"transition\":\"maintenance\"}");

        Assert.Equal((StatusCode.Aborted, "Could not perform maintenance transition: autonomous agent host not initialized"), (reply.StatusCode, reply.StatusMessage));
        Assert.Equal("{\"success\":false}", reply.Data.GetRawText());
    }

    [Fact]
    public void Other_actions_are_unknown()
    {
        using var node = new TestNode();

        var reply = Call(node, "machine_start", TestNode.Broker);

        Assert.Equal(StatusCode.UnknownAction, reply.StatusCode);
        Assert.Equal("Unknown action machine_start for agent choria_util", reply.StatusMessage);
    }
}
