using System.Text;

namespace Provisioner.Messages.Wire;

/// <summary>
/// A reply transport taken apart by <see cref="ChoriaCodec.DecodeReply"/>, its hash verified.
/// <see cref="Body"/> is null only for a discovery <c>pong</c>, whose message is not JSON.
/// </summary>
public sealed record DecodedReply(
    TransportHeaders Headers,
    byte[] SecureMessage,
    string Hash,
    ChoriaReply Reply,
    RpcReplyBody? Body)
{
    /// <summary>
    /// The secure layer as its record, its message as text, made when asked for: a caller needs the reply, not the
    /// UTF-16 copy of the bytes its hash was checked over (<see cref="SecureMessage"/>).
    /// </summary>
    public SecureReply Secure => new(Protocols.SecureReply, Encoding.UTF8.GetString(SecureMessage), Hash);

    public ReplyEnvelope Envelope => Reply.Envelope;

    /// <summary>The replying node: the envelope's sender id.</summary>
    public string Sender => Envelope.SenderId;

    /// <summary>Whether the reply is a discovery <c>pong</c>.</summary>
    public bool IsPong => Reply.Message == ChoriaCodec.Pong;
}
