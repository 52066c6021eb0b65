using System.Text;
using Provisioner.Messages.Wire;
using Provisioner.Testing;
using Xunit;
using static Provisioner.Messages.Tests.Wire.WorkedExample;

namespace Provisioner.Messages.Tests.Wire;

public sealed class MalformedMessageTests
{
    private static readonly ChoriaCodec Codec = new(ManualClock.AtUnix(Time));

    private const string Envelope =
        """{"requestid":"5f3c2a9e8b7d4c1fa0e9d8c7b6a59483","senderid":"prov.example.net","callerid":"choria=prov.example.net","collective":"provisioning","agent":"choria_provision","ttl":60,"time":1700000000,"filter":{"fact":[],"cf_class":[],"agent":["choria_provision"],"identity":[],"compound":[]}}""";

    private static string Quote(string text) => ChoriaJson.Serialize(new Provisioner.Messages.Wire.Payloads.ActionMessageReply(text))[11..^1];

    private static byte[] TransportOf(string secureJson, string headers = """{"reply-to":"provisioning.reply.x.y","mc_sender":"prov.example.net"}""") =>
        Encoding.UTF8.GetBytes($$"""{"protocol":"choria:transport:1","data":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(secureJson))}}","headers":{{headers}}}""");

    private static string SecureOf(string requestJson) =>
        $$"""{"protocol":"choria:secure:request:1","message":{{Quote(requestJson)}},"signature":"insecure","pubcert":"insecure"}""";

    private static byte[] RequestWith(string envelope, string message = RpcBody) =>
        TransportOf(SecureOf($$"""{"protocol":"choria:request:1","message":{{Quote(message)}},"envelope":{{envelope}}}"""));

    private static string Rejection(byte[] transport) =>
        Assert.Throws<ChoriaProtocolException>(() => Codec.DecodeRequest(transport)).Message;

    [Fact]
    public void Well_formed_hand_built_request_is_accepted()
    {
        Assert.Equal("gen25519", Codec.DecodeRequest(RequestWith(Envelope)).Body!.Action);
    }

    [Theory]
    [InlineData("not json", "choria:transport:1 is not valid JSON")]
    [InlineData("[1,2]", "choria:transport:1 must be a JSON object")]
    [InlineData("""{"protocol":"choria:transport:1","data":"e30="} trailing""", "choria:transport:1 is not valid JSON")]
    [InlineData("""{"protocol":"choria:transport:2","data":"e30=","headers":{}}""", "protocol is 'choria:transport:2', expected 'choria:transport:1'")]
    [InlineData("""{"data":"e30=","headers":{}}""", "required field 'protocol' is missing")]
    [InlineData("""{"protocol":"choria:transport:1","headers":{"reply-to":"r"}}""", "required field 'data' is missing")]
    [InlineData("""{"protocol":"choria:transport:1","data":"e30="}""", "required field 'headers' is missing")]
    [InlineData("""{"protocol":"choria:transport:1","data":"%%%","headers":{"reply-to":"r"}}""", "field 'data' is not valid base64")]
    [InlineData("""{"protocol":"choria:transport:1","data":"e30=","headers":{}}""", "header 'reply-to' is missing")]
    [InlineData("""{"protocol":"choria:transport:1","data":"e30=","headers":{"reply-to":5}}""", "field 'reply-to' must be a string")]
    public void Malformed_transport_is_rejected_with_a_clear_reason(string transport, string reason)
    {
        Assert.Contains(reason, Rejection(Encoding.UTF8.GetBytes(transport)));
    }

    [Fact]
    public void Data_with_line_breaks_in_its_base64_is_read_as_go_reads_it()
    {
        var plain = Encoding.UTF8.GetString(RequestWith(Envelope));
        var data = plain.Split("\"data\":\"")[1].Split('"')[0];
        var broken = plain.Replace(data, string.Join("\\r\\n", data.Chunk(76).Select(c => new string(c))));
        Assert.NotEqual(plain, broken);

        Assert.Equal("gen25519", Codec.DecodeRequest(Encoding.UTF8.GetBytes(broken)).Body!.Action);
    }

    [Fact]
    public void Oversized_transport_is_rejected_before_parsing()
    {
        var huge = new byte[ChoriaCodec.MaxTransportBytes + 1];

        Assert.Contains("over the 1048576 byte limit", Rejection(huge));
        Assert.Contains("over the 1048576 byte limit", Assert.Throws<ChoriaProtocolException>(() => Codec.DecodeReply(huge)).Message);
    }

    [Theory]
    [InlineData("{", "choria:secure:request:1 is not valid JSON")]
    [InlineData("""{"protocol":"choria:secure:reply:1","message":"m","signature":"s","pubcert":"p"}""", "protocol is 'choria:secure:reply:1', expected 'choria:secure:request:1'")]
    [InlineData("""{"protocol":"choria:secure:request:1","message":"m","pubcert":"p"}""", "required field 'signature' is missing")]
    [InlineData("""{"protocol":"choria:secure:request:1","message":"m","signature":"","pubcert":"p"}""", "field 'signature' must not be empty")]
    [InlineData("""{"protocol":"choria:secure:request:1","message":"not json","signature":"s","pubcert":"p"}""", "choria:request:1 is not valid JSON")]
    public void Malformed_secure_request_is_rejected_with_a_clear_reason(string secure, string reason)
    {
        Assert.Contains(reason, Rejection(TransportOf(secure)));
    }

    [Theory]
    [InlineData("""{"protocol":"choria:request:2","message":"x","envelope":{}}""", "protocol is 'choria:request:2'")]
    [InlineData("""{"protocol":"choria:request:1","message":"","envelope":{}}""", "field 'message' must not be empty")]
    [InlineData("""{"protocol":"choria:request:1","message":"x"}""", "required field 'envelope' is missing")]
    [InlineData("""{"protocol":"choria:request:1","message":"x","envelope":[]}""", "field 'envelope' must be an object")]
    public void Malformed_request_layer_is_rejected_with_a_clear_reason(string request, string reason)
    {
        Assert.Contains(reason, Rejection(TransportOf(SecureOf(request))));
    }

    [Theory]
    [InlineData("\"requestid\":\"5f3c2a9e8b7d4c1fa0e9d8c7b6a59483\"", "\"requestid\":\"short\"", "field 'requestid' must be 32 characters")]
    [InlineData("\"requestid\":\"5f3c2a9e8b7d4c1fa0e9d8c7b6a59483\",", "", "required field 'requestid' is missing")]
    [InlineData("\"callerid\":\"choria=prov.example.net\"", "\"callerid\":\"\"", "field 'callerid' must not be empty")]
    [InlineData("\"ttl\":60", "\"ttl\":\"60\"", "field 'ttl' must be an integer, not String")]
    [InlineData("\"ttl\":60", "\"ttl\":-1", "field 'ttl' must not be negative")]
    [InlineData("\"time\":1700000000", "\"time\":1700000000.5", "field 'time' must be an integer, not 1700000000.5")]
    [InlineData("\"agent\":\"choria_provision\",\"ttl\"", "\"ttl\"", "required field 'agent' is missing")]
    [InlineData("\"fact\":[],", "", "required field 'fact' is missing")]
    [InlineData("\"fact\":[]", "\"fact\":[1]", "every 'fact' entry must be an object")]
    [InlineData("\"cf_class\":[]", "\"cf_class\":[1]", "field 'cf_class' must be an array of strings")]
    [InlineData(",\"compound\":[]", "", "required field 'compound' is missing")]
    public void Malformed_envelope_is_rejected_naming_the_field(string original, string replacement, string reason)
    {
        Assert.Contains(reason, Rejection(RequestWith(Envelope.Replace(original, replacement))));
    }

    [Fact]
    public void Filter_without_agent_is_accepted_as_the_schema_allows()
    {
        var decoded = Codec.DecodeRequest(RequestWith(Envelope.Replace("\"agent\":[\"choria_provision\"],", "")));

        Assert.Empty(decoded.Envelope.Filter.Agent);
    }

    [Theory]
    [InlineData(Time - 61, "has expired")]
    [InlineData(Time + 61, "is from the future")]
    public void Request_outside_its_ttl_is_rejected(long created, string reason)
    {
        var message = Rejection(RequestWith(Envelope.Replace("1700000000", created.ToString())));

        Assert.Contains(reason, message);
        Assert.Contains("ttl 60s", message);
    }

    [Theory]
    [InlineData(Time - 60)]
    [InlineData(Time + 60)]
    public void Request_at_the_edge_of_its_ttl_is_accepted(long created)
    {
        Assert.Equal(created, Codec.DecodeRequest(RequestWith(Envelope.Replace("1700000000", created.ToString()))).Envelope.Time);
    }

    [Theory]
    [InlineData("not json at all", "RPC request body is not valid JSON")]
    [InlineData("""{"action":"gen25519"}""", "required field 'agent' is missing")]
    [InlineData("""{"agent":"choria_provision","action":"gen25519","data":[1]}""", "field 'data' must be an object")]
    public void Unparsable_rpc_body_is_reported_for_an_invalid_data_reply_rather_than_thrown(string body, string reason)
    {
        var decoded = Codec.DecodeRequest(RequestWith(Envelope, body));

        Assert.Null(decoded.Body);
        Assert.Contains(reason, decoded.BodyError);
        Assert.Equal("{}", decoded.Data.GetRawText());
    }

    [Fact]
    public void Rpc_body_without_data_gets_an_empty_object()
    {
        var decoded = Codec.DecodeRequest(RequestWith(Envelope, """{"agent":"rpcutil","action":"inventory"}"""));

        Assert.Equal("{}", decoded.Body!.Data.GetRawText());
    }

    [Fact]
    public void Message_that_is_valid_base64_is_decoded_first_as_go_does()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(RpcBody));

        var decoded = Codec.DecodeRequest(RequestWith(Envelope, encoded));

        Assert.Equal(RpcBody, decoded.Payload);
        Assert.Equal(encoded, decoded.Request.Message);
        Assert.Equal("gen25519", decoded.Body!.Action);
    }

    [Fact]
    public void Message_with_spaces_is_not_taken_for_base64()
    {
        var decoded = Codec.DecodeRequest(RequestWith(Envelope, "not json at all"));

        Assert.Equal("not json at all", decoded.Payload);
    }

    [Fact]
    public void Encoding_a_request_with_a_malformed_request_id_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Codec.EncodeRequest(new OutgoingRequest
        {
            Agent = "rpcutil", Action = "inventory", SenderId = Identity, CallerId = CallerId, RequestId = "abc",
        }));

        Assert.Contains("must be 32 characters", error.Message);
    }
}
