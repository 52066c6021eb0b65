using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.V2;

namespace Provisioner.Actors.Rpc;

/// <summary>
/// A node's reply as a call sees it, whichever protocol carried it: the protocol (1 or 2), the request it answers,
/// the replying node, and the RPC body (null only for a discovery <c>pong</c>). Its hash was verified on decoding.
/// </summary>
public sealed record RpcReply(int ProtocolVersion, string RequestId, string Sender, RpcReplyBody? Body)
{
    public static RpcReply Of(DecodedReply reply) => new(1, reply.Envelope.RequestId, reply.Sender, reply.Body);

    public static RpcReply Of(DecodedReplyV2 reply) => new(2, reply.Reply.Request, reply.Sender, reply.Body);
}
