using System.Text;
using Provisioner.Messages.Wire;
using Provisioner.Testing;
using Xunit;
using static Provisioner.Messages.Tests.Wire.WorkedExample;

namespace Provisioner.Messages.Tests.Wire;

public sealed class ReplyDecodingTests
{
    private static readonly ChoriaCodec Codec = new(ManualClock.AtUnix(Time));

    private static byte[] TransportOf(string secureJson) =>
        Encoding.UTF8.GetBytes($$$"""{"protocol":"choria:transport:1","data":"{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(secureJson))}}}","headers":{"mc_sender":"n1.example.net"}}""");

    private static string SecureReplyOf(string replyText, string? hash = null) =>
        ChoriaJson.Serialize(new SecureReply(Protocols.SecureReply, replyText, hash ?? SecureReply.HashOf(replyText)));

    private static string Rejection(byte[] transport) =>
        Assert.Throws<ChoriaProtocolException>(() => Codec.DecodeReply(transport)).Message;

    [Fact]
    public void Spec_reply_with_its_hash_is_accepted()
    {
        var decoded = Codec.DecodeReply(TransportOf(SecureReplyOf(Reply, ReplyHash)));

        Assert.Equal("n1.example.net", decoded.Sender);
        Assert.Equal(ReplyBody, decoded.Reply.Message);
    }

    [Fact]
    public void Reply_whose_hash_does_not_match_is_rejected()
    {
        var tampered = Reply.Replace("/etc/choria", "/tmp/evil");

        Assert.Contains("hash mismatch", Rejection(TransportOf(SecureReplyOf(tampered, ReplyHash))));
    }

    [Theory]
    [InlineData("""{"protocol":"choria:secure:request:1","message":"m","hash":"h"}""", "protocol is 'choria:secure:request:1', expected 'choria:secure:reply:1'")]
    [InlineData("""{"protocol":"choria:secure:reply:1","message":"m"}""", "required field 'hash' is missing")]
    public void Malformed_secure_reply_is_rejected(string secure, string reason)
    {
        Assert.Contains(reason, Rejection(TransportOf(secure)));
    }

    [Theory]
    [InlineData("""{"protocol":"choria:reply:2","message":"m","envelope":{}}""", "protocol is 'choria:reply:2'")]
    [InlineData("""{"protocol":"choria:reply:1","message":"m","envelope":{"requestid":"r","senderid":"s","agent":"a"}}""", "required field 'time' is missing")]
    [InlineData("""{"protocol":"choria:reply:1","message":"{}","envelope":{"requestid":"r","senderid":"s","agent":"a","time":1}}""", "RPC reply body: required field 'statuscode' is missing")]
    [InlineData("""{"protocol":"choria:reply:1","message":"garbage","envelope":{"requestid":"r","senderid":"s","agent":"a","time":1}}""", "RPC reply body is not valid JSON")]
    [InlineData("""{"protocol":"choria:reply:1","message":"{\"action\":\"a\",\"statuscode\":\"0\",\"statusmsg\":\"OK\"}","envelope":{"requestid":"r","senderid":"s","agent":"a","time":1}}""", "field 'statuscode' must be an integer")]
    public void Malformed_reply_layers_are_rejected(string reply, string reason)
    {
        Assert.Contains(reason, Rejection(TransportOf(SecureReplyOf(reply))));
    }

    [Fact]
    public void Reply_body_without_data_gets_an_empty_object_and_keeps_its_status()
    {
        const string reply = """{"protocol":"choria:reply:1","message":"{\"action\":\"\",\"statuscode\":4,\"statusmsg\":\"bad\"}","envelope":{"requestid":"r","senderid":"s","agent":"a","time":1}}""";

        var body = Codec.DecodeReply(TransportOf(SecureReplyOf(reply))).Body!;

        Assert.Equal(StatusCode.InvalidData, body.StatusCode);
        Assert.Equal("bad", body.StatusMessage);
        Assert.Equal("", body.Action);
        Assert.Equal("{}", body.Data.GetRawText());
    }
}
