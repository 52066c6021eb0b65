using System.Text;
using System.Text.Json;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Testing;
using Xunit;
using static Provisioner.Messages.Tests.Wire.WorkedExample;

namespace Provisioner.Messages.Tests.Wire;

public sealed class WorkedExampleTests
{
    private static readonly ChoriaCodec Codec = new(ManualClock.AtUnix(Time + 1));

    private static OutgoingRequest Gen25519Request() => new()
    {
        Agent = AgentNames.Provision,
        Action = "gen25519",
        Data = RpcData.From(new Gen25519Request(Nonce, Token)),
        SenderId = Identity,
        CallerId = CallerId,
        RequestId = RequestId,
        Time = DateTimeOffset.FromUnixTimeSeconds(Time),
        SeenByUrl = BrokerUrl,
    };

    private static byte[] ReplyTransport() =>
        Codec.EncodeReply(
            Codec.DecodeRequest(Encoding.UTF8.GetBytes(Transport)),
            Node,
            RpcReplyBody.Ok("gen25519", RpcData.From(new Gen25519Reply(PublicKey, "/etc/choria", Signature))),
            DateTimeOffset.FromUnixTimeSeconds(Time + 1),
            BrokerUrl);

    [Fact]
    public void Rpc_body_of_gen25519_matches_the_spec()
    {
        var body = new RpcRequestBody(AgentNames.Provision, "gen25519", RpcData.From(new Gen25519Request(Nonce, Token)));
        Assert.Equal(RpcBody, ChoriaJson.Serialize(body));
    }

    [Fact]
    public void Encoded_request_transport_matches_the_spec_byte_for_byte()
    {
        Assert.Equal(Transport, Encoding.UTF8.GetString(Codec.EncodeRequest(Gen25519Request())));
    }

    [Fact]
    public void A_rented_request_transport_is_the_same_bytes()
    {
        using var rented = Codec.EncodeRequestRented(Gen25519Request());
        Assert.Equal(Transport, Encoding.UTF8.GetString(rented.Bytes.Span));
    }

    [Fact]
    public void Request_layers_inside_the_transport_match_the_spec()
    {
        var decoded = Codec.DecodeRequest(Codec.EncodeRequest(Gen25519Request()));

        Assert.Equal(Request, decoded.Secure.Message);
        Assert.Equal(RpcBody, decoded.Request.Message);
        Assert.True(decoded.Secure.IsInsecure);
        var expectedSecure = ChoriaJson.Serialize(new SecureRequest(Protocols.SecureRequest, Request, "insecure", "insecure"));
        var transportData = JsonDocument.Parse(Transport).RootElement.GetProperty("data").GetString()!;
        Assert.Equal(expectedSecure, Encoding.UTF8.GetString(Convert.FromBase64String(transportData)));
    }

    [Fact]
    public void Decoded_request_exposes_envelope_headers_and_body()
    {
        var decoded = Codec.DecodeRequest(Encoding.UTF8.GetBytes(Transport));

        Assert.Equal(ReplySubject, decoded.ReplyTo);
        Assert.Equal(Identity, decoded.Sender);
        Assert.Equal(new[] { BrokerUrl, Identity, BrokerUrl }, decoded.Headers.SeenBy![0]);
        Assert.Equal(RequestId, decoded.Envelope.RequestId);
        Assert.Equal(CallerId, decoded.Envelope.CallerId);
        Assert.Equal("provisioning", decoded.Envelope.Collective);
        Assert.Equal(60, decoded.Envelope.Ttl);
        Assert.Equal(Time, decoded.Envelope.Time);
        Assert.Equal(["choria_provision"], decoded.Envelope.Filter.Agent);
        Assert.Null(decoded.BodyError);
        Assert.Equal("gen25519", decoded.Body!.Action);
        Assert.Equal(new Gen25519Request(Nonce, Token), RpcData.Read<Gen25519Request>(decoded.Data, "gen25519"));
        Assert.False(decoded.IsDiscoveryPing);
    }

    [Fact]
    public void Reply_subject_hashes_the_caller_id()
    {
        Assert.Equal(ReplySubject, Subjects.Reply(CallerId, RequestId));
    }

    [Fact]
    public void Reply_layer_and_hash_match_the_spec()
    {
        var decoded = Codec.DecodeReply(ReplyTransport());

        Assert.Equal(Reply, decoded.Secure.Message);
        Assert.Equal(ReplyHash, decoded.Secure.Hash);
        Assert.Equal(ReplyHash, SecureReply.HashOf(Reply));
        Assert.Equal(ReplyBody, decoded.Reply.Message);
    }

    [Fact]
    public void Reply_transport_carries_sender_and_seen_by_but_no_reply_to()
    {
        var secure = ChoriaJson.Serialize(new SecureReply(Protocols.SecureReply, Reply, ReplyHash));
        var expected = "{\"protocol\":\"choria:transport:1\",\"data\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secure))
            + "\",\"headers\":{\"mc_sender\":\"n1.example.net\",\"seen-by\":[[\"nats://broker.example.net:4222\",\"n1.example.net\",\"nats://broker.example.net:4222\"]]}}";

        Assert.Equal(expected, Encoding.UTF8.GetString(ReplyTransport()));
    }

    [Fact]
    public void Decoded_reply_gives_sender_status_and_typed_data()
    {
        var decoded = Codec.DecodeReply(ReplyTransport());

        Assert.Equal(Node, decoded.Sender);
        Assert.Equal(Node, decoded.Headers.McSender);
        Assert.Equal(RequestId, decoded.Envelope.RequestId);
        Assert.Equal(AgentNames.Provision, decoded.Envelope.Agent);
        Assert.Equal(Time + 1, decoded.Envelope.Time);
        Assert.Equal(StatusCode.Ok, decoded.Body!.StatusCode);
        Assert.Equal("OK", decoded.Body.StatusMessage);
        Assert.Equal(new Gen25519Reply(PublicKey, "/etc/choria", Signature), RpcData.Read<Gen25519Reply>(decoded.Body.Data, "gen25519"));
        Assert.False(decoded.IsPong);
    }
}
