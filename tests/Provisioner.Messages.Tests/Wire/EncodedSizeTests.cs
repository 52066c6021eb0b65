using System.Text;
using Provisioner.Messages.Wire;
using Provisioner.Testing;
using Xunit;
using static Provisioner.Messages.Tests.Wire.WorkedExample;

namespace Provisioner.Messages.Tests.Wire;

/// <summary>
/// No transport over NATS's default maximum payload (<see cref="ChoriaCodec.MaxTransportBytes"/>) is produced, and a
/// large message leaves nothing behind that changes the next one's bytes.
/// </summary>
public sealed class EncodedSizeTests
{
    private static readonly ChoriaCodec Codec = new(ManualClock.AtUnix(Time));

    private static OutgoingRequest RequestCarrying(int blobLength) => new()
    {
        Agent = AgentNames.Provision,
        Action = "configure",
        Data = RpcData.Parse($$"""{"blob":"{{new string('a', blobLength)}}"}"""),
        SenderId = Identity,
        CallerId = CallerId,
        RequestId = RequestId,
        Time = DateTimeOffset.FromUnixTimeSeconds(Time),
    };

    [Fact]
    public void A_request_whose_transport_would_pass_the_limit_is_refused_and_one_below_it_is_written()
    {
        var refused = Assert.Throws<ChoriaProtocolException>(() => Codec.EncodeRequest(RequestCarrying(800_000)));
        Assert.Contains($"over the {ChoriaCodec.MaxTransportBytes} byte limit", refused.Message);

        var written = Codec.EncodeRequest(RequestCarrying(700_000));
        Assert.InRange(written.Length, 900_000, ChoriaCodec.MaxTransportBytes);
        Assert.Equal("configure", Codec.DecodeRequest(written).Body!.Action);
    }

    [Fact]
    public void After_a_large_message_the_next_one_has_the_worked_examples_bytes()
    {
        Codec.EncodeRequest(RequestCarrying(700_000));
        var request = new OutgoingRequest
        {
            Agent = AgentNames.Provision,
            Action = "gen25519",
            Data = RpcData.From(new Provisioner.Messages.Wire.Payloads.Gen25519Request(Nonce, Token)),
            SenderId = Identity,
            CallerId = CallerId,
            RequestId = RequestId,
            Time = DateTimeOffset.FromUnixTimeSeconds(Time),
            SeenByUrl = BrokerUrl,
        };
        Assert.Equal(Transport, Encoding.UTF8.GetString(Codec.EncodeRequest(request)));
    }
}
