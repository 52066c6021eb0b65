namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// A v2 reply transport taken apart by <see cref="ChoriaCodecV2.DecodeReply"/>, its hash verified.
/// <see cref="Message"/> is the decoded reply body text; <see cref="Body"/> is null only for a discovery <c>pong</c>.
/// </summary>
public sealed record DecodedReplyV2(
    TransportHeadersV2 Headers,
    SecureReplyV2 Secure,
    ReplyV2 Reply,
    string Message,
    RpcReplyBody? Body)
{
    /// <summary>The replying node.</summary>
    public string Sender => Reply.Sender;

    /// <summary>Whether the reply is a discovery <c>pong</c>.</summary>
    public bool IsPong => Message == ChoriaCodec.Pong;
}
