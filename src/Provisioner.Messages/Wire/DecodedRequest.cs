using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>
/// A request transport taken apart and validated by <see cref="ChoriaCodec.DecodeRequest"/>.
/// <see cref="Payload"/> is the request message after Choria's base64 quirk (<c>ping</c> for discovery).
/// <see cref="Body"/> is the parsed RPC body, or null with <see cref="BodyError"/> saying why, in which case
/// an agent answers with <see cref="StatusCode.InvalidData"/> as the Go server does.
/// </summary>
public sealed record DecodedRequest(
    TransportHeaders Headers,
    SecureRequest Secure,
    ChoriaRequest Request,
    string Payload,
    RpcRequestBody? Body,
    string? BodyError)
{
    public RequestEnvelope Envelope => Request.Envelope;

    /// <summary>The subject the reply must be published to, verbatim.</summary>
    public string ReplyTo => Headers.ReplyTo!;

    /// <summary>The <c>mc_sender</c> header: the identity of whoever published the request.</summary>
    public string? Sender => Headers.McSender;

    /// <summary>Whether this is a discovery ping a node with matching agents answers with <c>pong</c>.</summary>
    public bool IsDiscoveryPing => Envelope.Agent == AgentNames.Discovery && Payload.Contains("ping", StringComparison.Ordinal);

    /// <summary>The RPC body's data object, <c>{}</c> when the body had none or could not be parsed.</summary>
    public JsonElement Data => Body?.Data ?? RpcData.EmptyObject;
}
