using System.Text.Json;

namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// A v2 request transport taken apart and schema-checked by <see cref="ChoriaCodecV2.DecodeRequest"/>.
/// <see cref="RequestBytes"/> are the exact bytes the caller signed (<see cref="Signature"/>); <see cref="Payload"/> is
/// the message after Choria's second base64 decode (<c>ping</c> for discovery); <see cref="Body"/> the parsed RPC body,
/// or null with <see cref="BodyError"/> saying why.
/// </summary>
public sealed record DecodedRequestV2(
    TransportHeadersV2 Headers,
    SecureRequestV2 Secure,
    byte[] RequestBytes,
    byte[] Signature,
    RequestV2 Request,
    string Payload,
    RpcRequestBody? Body,
    string? BodyError)
{
    /// <summary>
    /// The request as a v1 envelope (time in Unix seconds), which is what a node's actions read: who asks (the
    /// lock key <c>&lt;sender&gt;.&lt;caller&gt;</c>), for which collective and agent, under which filter.
    /// </summary>
    public RequestEnvelope Envelope => new(
        Request.Id, Request.Sender, Request.Caller, Request.Collective, Request.Agent, Request.Ttl,
        Request.Time / 1_000_000_000, Request.Filter);

    /// <summary>The subject the reply must be published to, verbatim.</summary>
    public string ReplyTo => Headers.Reply!;

    /// <summary>Whether this is a discovery ping a node with matching agents answers with <c>pong</c>.</summary>
    public bool IsDiscoveryPing => Request.Agent == AgentNames.Discovery && Payload.Contains("ping", StringComparison.Ordinal);

    /// <summary>The RPC body's data object, <c>{}</c> when the body had none or could not be parsed.</summary>
    public JsonElement Data => Body?.Data ?? RpcData.EmptyObject;
}
