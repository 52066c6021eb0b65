using System.Text;
using System.Text.Json;
using Provisioner.Messages.Wire;
using Provisioner.Testing;
using Xunit;
using static Provisioner.Messages.Tests.Wire.WorkedExample;

namespace Provisioner.Messages.Tests.Wire;

public sealed class DiscoveryTests
{
    private static readonly ChoriaCodec Codec = new(ManualClock.AtUnix(Time));

    private static byte[] Ping() => Codec.EncodeDiscoveryPing(Identity, CallerId, RequestId, DateTimeOffset.FromUnixTimeSeconds(Time));

    [Fact]
    public void Ping_carries_base64_ping_and_filters_on_choria_provision()
    {
        var request = Codec.DecodeRequest(Ping()).Request;

        Assert.Equal("cGluZw==", request.Message);
        Assert.Equal("discovery", request.Envelope.Agent);
        Assert.Equal(60, request.Envelope.Ttl);
        Assert.Equal(
            """{"fact":[],"cf_class":[],"agent":["choria_provision"],"identity":[],"compound":[]}""",
            ChoriaJson.Serialize(JsonSerializer.SerializeToElement(request.Envelope.Filter, ChoriaJson.Options)));
    }

    [Fact]
    public void Node_sees_the_ping_after_the_base64_quirk()
    {
        var decoded = Codec.DecodeRequest(Ping());

        Assert.Equal("ping", decoded.Payload);
        Assert.True(decoded.IsDiscoveryPing);
        Assert.Null(decoded.Body);
        Assert.Null(decoded.BodyError);
        Assert.Equal(ReplySubject, decoded.ReplyTo);
    }

    [Fact]
    public void Pong_reply_names_its_sender_without_unwrapping()
    {
        var pong = Codec.EncodeDiscoveryPong(Codec.DecodeRequest(Ping()), Node, DateTimeOffset.FromUnixTimeSeconds(Time));

        Assert.Equal(Node, Codec.ReadSender(pong));
        var decoded = Codec.DecodeReply(pong);
        Assert.True(decoded.IsPong);
        Assert.Null(decoded.Body);
        Assert.Equal("discovery", decoded.Envelope.Agent);
        Assert.Equal(RequestId, decoded.Envelope.RequestId);
    }

    [Fact]
    public void Transport_without_sender_cannot_name_a_node()
    {
        var transport = Encoding.UTF8.GetBytes("""{"protocol":"choria:transport:1","data":"e30=","headers":{}}""");

        Assert.Contains("header 'mc_sender' is missing", Assert.Throws<ChoriaProtocolException>(() => Codec.ReadSender(transport)).Message);
    }
}
