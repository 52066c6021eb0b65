namespace Provisioner.Messages.Wire;

/// <summary>
/// A reply transport taken apart by <see cref="ChoriaCodec.DecodeReply"/>, its hash verified.
/// <see cref="Body"/> is null only for a discovery <c>pong</c>, whose message is not JSON.
/// </summary>
public sealed record DecodedReply(
    TransportHeaders Headers,
    SecureReply Secure,
    ChoriaReply Reply,
    RpcReplyBody? Body)
{
    public ReplyEnvelope Envelope => Reply.Envelope;

    /// <summary>The replying node: the envelope's sender id.</summary>
    public string Sender => Envelope.SenderId;

    /// <summary>Whether the reply is a discovery <c>pong</c>.</summary>
    public bool IsPong => Reply.Message == ChoriaCodec.Pong;
}
