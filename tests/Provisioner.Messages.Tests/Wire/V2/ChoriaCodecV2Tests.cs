using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;
using V1 = Provisioner.Messages.Tests.Wire.WorkedExample;
using X = Provisioner.Messages.Tests.Wire.V2.WorkedExampleV2;

namespace Provisioner.Messages.Tests.Wire.V2;

/// <summary>choria-v2 §1 and acceptance scenarios 1-8: the v2 envelopes byte for byte, and what a node drops.</summary>
public sealed class ChoriaCodecV2Tests : IDisposable
{
    private static readonly ManualClock NodeClock = ManualClock.AtUnix(1_700_000_200);
    private readonly TokenSigningKey _provisionerKey = TokenSigningKey.FromEd25519Seed(X.ProvisionerSeed);
    private readonly ChoriaCodecV2 _codec = new(NodeClock);

    public void Dispose() => _provisionerKey.Dispose();

    private CallerSigner Signer => CallerSigner.Create(X.T1, _provisionerKey);

    private byte[] WorkedRequest() => _codec.EncodeRequest(
        new OutgoingRequest
        {
            Agent = "choria_provision",
            Action = "gen25519",
            Data = RpcData.From(new Gen25519Request(V1.Nonce, V1.Token)),
            SenderId = X.Sender,
            CallerId = X.CallerId,
            RequestId = X.RequestId,
            SeenByUrl = X.BrokerUrl,
        },
        Signer,
        X.Time);

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static JsonObject Json(byte[] bytes) => JsonNode.Parse(bytes)!.AsObject();

    private static byte[] Data(byte[] transport) => Convert.FromBase64String(Json(transport)["data"]!.GetValue<string>());

    [Fact]
    public void Scenario_1_the_worked_request_is_rebuilt_byte_for_byte_and_signed_by_the_provisioner()
    {
        var transport = WorkedRequest();

        var secure = Data(transport);
        var secureJson = Json(secure);
        var request = Convert.FromBase64String(secureJson["request"]!.GetValue<string>());
        Assert.Equal(X.Request, Encoding.UTF8.GetString(request));
        Assert.Equal(491, request.Length);
        Assert.Equal(X.Signature, secureJson["signature"]!.GetValue<string>());
        Assert.Equal(X.T1, secureJson["caller"]!.GetValue<string>());
        Assert.Equal(["protocol", "request", "signature", "caller"], secureJson.Select(p => p.Key));
        Assert.Equal(1645, secure.Length);
        Assert.Equal(X.SecureRequestSha256, Sha256(secure));
        Assert.Equal(2483, transport.Length);
        Assert.Equal(X.TransportSha256, Sha256(transport));
        Assert.Equal(X.RequestHeaders, Json(transport)["headers"]!.ToJsonString());
    }

    [Fact]
    public void The_worked_request_decodes_as_a_node_reads_it()
    {
        var decoded = _codec.DecodeRequest(WorkedRequest());

        Assert.Equal(X.RequestId, decoded.Request.Id);
        Assert.Equal(X.CallerId, decoded.Request.Caller);
        Assert.Equal(X.Time, decoded.Request.Time);
        Assert.Equal("provisioning.reply.22ec67b1822edddbee1f71725ee3827c.2YBXyVywUiRtdKzjSabHj40g4z9", decoded.ReplyTo);
        Assert.Equal(V1.RpcBody, decoded.Payload);
        Assert.Equal("gen25519", decoded.Body!.Action);
        Assert.Equal(X.Request, Encoding.UTF8.GetString(decoded.RequestBytes));
        Assert.Equal(Convert.FromBase64String(X.Signature), decoded.Signature);
    }

    [Fact]
    public void Scenario_2_the_worked_reply_is_rebuilt_byte_for_byte_and_decodes_to_its_hash_and_the_v1_body()
    {
        var request = _codec.DecodeRequest(WorkedRequest());
        var body = ChoriaJson.Deserialize<RpcReplyBody>(System.Text.Json.JsonDocument.Parse(V1.ReplyBody).RootElement, "reply");

        var transport = _codec.EncodeReply(request, X.Node, body, X.ReplyTime, X.BrokerUrl);

        var secure = Data(transport);
        Assert.Equal(X.Reply, Encoding.UTF8.GetString(Convert.FromBase64String(Json(secure)["reply"]!.GetValue<string>())));
        Assert.Equal(591, Encoding.UTF8.GetByteCount(X.Reply));
        Assert.Equal(902, secure.Length);
        Assert.Equal(X.SecureReplySha256, Sha256(secure));
        Assert.Equal(1393, transport.Length);
        Assert.Equal(X.ReplyTransportSha256, Sha256(transport));
        Assert.Equal(X.ReplyHeaders, Json(transport)["headers"]!.ToJsonString());

        var decoded = _codec.DecodeReply(transport);
        Assert.Equal(X.ReplyHash, decoded.Secure.Hash);
        Assert.Equal(V1.ReplyBody, decoded.Message);
        Assert.Equal(V1.PublicKey, decoded.Body!.Data.GetProperty("public_key").GetString());
        Assert.Equal(X.Node, decoded.Sender);
    }

    [Fact]
    public void Scenario_3_a_reply_with_one_flipped_byte_is_dropped()
    {
        var request = _codec.DecodeRequest(WorkedRequest());
        var transport = _codec.EncodeDiscoveryPong(request, X.Node);
        var secure = Json(Data(transport));
        var reply = Convert.FromBase64String(secure["reply"]!.GetValue<string>());
        reply[^3] ^= 0x01;
        secure["reply"] = Convert.ToBase64String(reply);

        var e = Assert.Throws<ChoriaProtocolException>(() => _codec.DecodeReply(Rewrap(transport, secure)));
        Assert.Contains("hash mismatch", e.Message);
    }

    [Theory]
    [InlineData("caller", "")]
    [InlineData("signature", "")]
    [InlineData("request", "")]
    public void Scenario_4_an_empty_secure_request_field_is_dropped(string field, string value)
    {
        var transport = WorkedRequest();
        var secure = Json(Data(transport));
        secure[field] = value;

        var e = Assert.Throws<ChoriaProtocolException>(() => _codec.DecodeRequest(Rewrap(transport, secure)));
        Assert.Contains($"'{field}'", e.Message);
    }

    [Fact]
    public void Scenario_4_unpadded_base64_is_dropped()
    {
        var transport = WorkedRequest();
        var secure = Json(Data(transport));
        secure["signature"] = X.Signature.TrimEnd('=');

        Assert.Throws<ChoriaProtocolException>(() => _codec.DecodeRequest(Rewrap(transport, secure)));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("ttl")]
    [InlineData("sender")]
    [InlineData("caller")]
    public void Scenario_4_a_request_without_a_required_field_or_with_ttl_0_is_dropped(string field)
    {
        AssertRequestDropped(r => r.Remove(field));
        if (field == "ttl")
        {
            AssertRequestDropped(r => r["ttl"] = 0);
        }
    }

    [Fact]
    public void Scenario_5_a_v1_request_at_a_v2_endpoint_and_a_v2_request_at_a_v1_endpoint_are_dropped()
    {
        var v1 = Encoding.UTF8.GetBytes(V1.Transport);

        Assert.Throws<ChoriaProtocolException>(() => new ChoriaCodecV2(ManualClock.AtUnix(V1.Time)).DecodeRequest(v1));
        Assert.Throws<ChoriaProtocolException>(() => new ChoriaCodec(NodeClock).DecodeRequest(WorkedRequest()));
        Assert.Equal(1, ProtocolsV2.VersionOf(Json(v1)["protocol"]!.GetValue<string>()));
        Assert.Equal(2, ProtocolsV2.VersionOf(Json(WorkedRequest())["protocol"]!.GetValue<string>()));
    }

    [Fact]
    public void Scenario_6_an_all_zero_signature_with_any_caller_still_decodes_for_a_provisioning_node()
    {
        var transport = WorkedRequest();
        var secure = Json(Data(transport));
        secure["signature"] = Convert.ToBase64String(new byte[64]);
        secure["caller"] = "anyone";

        var decoded = _codec.DecodeRequest(Rewrap(transport, secure));

        Assert.Equal("gen25519", decoded.Body!.Action);
    }

    [Fact]
    public void Scenario_7_discovery_is_double_encoded_and_answered_with_pong_from_the_node()
    {
        var ping = _codec.EncodeDiscoveryPing(X.Sender, Signer, X.RequestId, X.Time);
        var request = Json(Convert.FromBase64String(Json(Data(ping))["request"]!.GetValue<string>()));
        Assert.Equal("Y0dsdVp3PT0=", request["message"]!.GetValue<string>());
        Assert.Equal("discovery", request["agent"]!.GetValue<string>());

        var decoded = _codec.DecodeRequest(ping);
        Assert.True(decoded.IsDiscoveryPing);

        var pong = _codec.EncodeDiscoveryPong(decoded, X.Node, X.ReplyTime);
        var reply = Json(Convert.FromBase64String(Json(Data(pong))["reply"]!.GetValue<string>()));
        Assert.Equal("cG9uZw==", reply["message"]!.GetValue<string>());
        Assert.Equal("discovery", reply["agent"]!.GetValue<string>());
        Assert.Equal(X.Node, _codec.ReadSender(pong));
        Assert.True(_codec.DecodeReply(pong).IsPong);
    }

    [Fact]
    public void Scenario_7_a_single_encoded_ping_arrives_as_garbage_and_is_not_a_discovery_ping()
    {
        var transport = _codec.EncodeDiscoveryPing(X.Sender, Signer, X.RequestId, X.Time);
        var secure = Json(Data(transport));
        var request = Json(Convert.FromBase64String(secure["request"]!.GetValue<string>()));
        request["message"] = "cGluZw==";
        secure["request"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.ToJsonString()));

        Assert.False(_codec.DecodeRequest(Rewrap(transport, secure)).IsDiscoveryPing);
    }

    [Fact]
    public void Scenario_8_a_time_in_seconds_is_dropped()
    {
        AssertRequestDropped(r => r["time"] = 1_700_000_200L);
    }

    [Fact]
    public void Scenario_8_a_request_61_seconds_old_with_ttl_60_is_dropped_and_one_60_seconds_old_is_not()
    {
        var late = new ChoriaCodecV2(new ManualClock(DateTimeOffset.UnixEpoch.AddTicks(X.Time / 100).AddSeconds(61)));
        var e = Assert.Throws<ChoriaProtocolException>(() => late.DecodeRequest(WorkedRequest()));
        Assert.Contains("expired", e.Message);
        new ChoriaCodecV2(new ManualClock(DateTimeOffset.UnixEpoch.AddTicks(X.Time / 100).AddSeconds(60))).DecodeRequest(WorkedRequest());
    }

    [Fact]
    public void A_request_whose_caller_differs_from_the_signer_is_refused_before_it_is_sent()
    {
        Assert.Throws<ArgumentException>(() => _codec.EncodeRequest(
            new OutgoingRequest { Agent = "rpcutil", Action = "inventory", SenderId = X.Sender, CallerId = "someone_else", RequestId = X.RequestId },
            Signer));
    }

    private void AssertRequestDropped(Action<JsonObject> change)
    {
        var transport = WorkedRequest();
        var secure = Json(Data(transport));
        var request = Json(Convert.FromBase64String(secure["request"]!.GetValue<string>()));
        change(request);
        secure["request"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.ToJsonString()));

        Assert.Throws<ChoriaProtocolException>(() => _codec.DecodeRequest(Rewrap(transport, secure)));
    }

    private static byte[] Rewrap(byte[] transport, JsonObject secure)
    {
        var json = Json(transport);
        json["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(secure.ToJsonString()));
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
