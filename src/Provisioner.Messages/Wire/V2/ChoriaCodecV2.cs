using System.Text;
using System.Text.Json;

namespace Provisioner.Messages.Wire.V2;

/// <summary>
/// Builds and takes apart Choria protocol v2 messages (choria-v2 §1) byte for byte as go-choria writes them: every
/// nested layer base64 (standard, padded), times in Unix nanoseconds, requests signed by the caller's Ed25519 key
/// (<see cref="IRequestSigner"/>), replies unsigned with a SHA-256 hash as provisioning-mode nodes send them.
/// Decoding applies the node's schema checks in its order (transport, secure request, request, ttl window) and
/// throws a <see cref="ChoriaProtocolException"/> naming the layer, field and reason; verifying the signature is the
/// caller's choice (provisioning-mode nodes skip it).
/// </summary>
public sealed class ChoriaCodecV2(TimeProvider? clock = null)
{
    private const long NanosPerSecond = 1_000_000_000;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>A codec on the system clock.</summary>
    public static ChoriaCodecV2 Default { get; } = new();

    /// <summary>The transport bytes of an RPC request signed by <paramref name="signer"/>; publish them to the node's subject.</summary>
    public byte[] EncodeRequest(OutgoingRequest request, IRequestSigner signer, long? timeUnixNanos = null)
    {
        var body = ChoriaJson.SerializeToUtf8Bytes(new RpcRequestBody(request.Agent, request.Action, RpcData.OrEmpty(request.Data)));
        return EncodeRequestMessage(request, signer, Convert.ToBase64String(body), timeUnixNanos);
    }

    /// <summary>
    /// The transport bytes of the v2 discovery broadcast: agent <c>discovery</c>, message
    /// <see cref="ProtocolsV2.DiscoveryPingMessage"/>, filtered on <c>choria_provision</c>.
    /// </summary>
    public byte[] EncodeDiscoveryPing(string senderId, IRequestSigner signer, string requestId, long? timeUnixNanos = null, string? traceUrl = null) =>
        EncodeRequestMessage(
            new OutgoingRequest
            {
                Agent = AgentNames.Discovery,
                Action = "ping",
                SenderId = senderId,
                CallerId = signer.CallerId,
                RequestId = requestId,
                FilterAgents = [AgentNames.Provision],
                SeenByUrl = traceUrl,
            },
            signer,
            ProtocolsV2.DiscoveryPingMessage,
            timeUnixNanos);

    /// <summary>Takes a request transport apart in the node's order, validating every layer and the ttl window.</summary>
    public DecodedRequestV2 DecodeRequest(ReadOnlySpan<byte> transport)
    {
        var (headers, secureBytes) = OpenTransport(transport);
        if (headers.Reply is null)
        {
            throw new ChoriaProtocolException($"{ProtocolsV2.Transport}: header 'reply' is missing, so the request cannot be answered");
        }

        const string secureLayer = ProtocolsV2.SecureRequest;
        var secureJson = OpenLayer(secureBytes, secureLayer);
        var secure = new SecureRequestV2(
            ProtocolsV2.SecureRequest,
            JsonFields.RequiredString(secureJson, "request", secureLayer),
            JsonFields.RequiredString(secureJson, "signature", secureLayer),
            JsonFields.RequiredString(secureJson, "caller", secureLayer),
            JsonFields.OptionalString(secureJson, "signer", secureLayer) is { Length: > 0 } signer ? signer : null);
        var requestBytes = Base64(secure.Request, secureLayer, "request");
        var signature = Base64(secure.Signature, secureLayer, "signature");

        const string layer = ProtocolsV2.Request;
        var json = OpenLayer(requestBytes, layer);
        var message = JsonFields.RequiredString(json, "message", layer);
        var request = new RequestV2(
            ProtocolsV2.Request,
            message,
            JsonFields.RequiredString(json, "id", layer),
            JsonFields.RequiredString(json, "sender", layer),
            JsonFields.RequiredString(json, "caller", layer),
            JsonFields.RequiredString(json, "collective", layer),
            JsonFields.RequiredString(json, "agent", layer),
            AtLeastOne(json, "ttl", layer),
            AtLeastOne(json, "time", layer),
            JsonFields.OptionalObject(json, "filter", layer) is { } filter ? ChoriaCodec.ReadFilter(filter) : RequestFilter.ForAgents());
        EnsureWithinTtl(request);

        var payload = ChoriaCodec.UnwrapBase64Quirk(Encoding.UTF8.GetString(Base64(message, layer, "message")));
        var (body, bodyError) = request.Agent == AgentNames.Discovery ? (null, null) : ChoriaCodec.ParseRequestBody(payload);
        return new DecodedRequestV2(headers, secure, requestBytes, signature, request, payload, body, bodyError);
    }

    /// <summary>The transport bytes of the reply to <paramref name="request"/>; publish them to <see cref="DecodedRequestV2.ReplyTo"/>.</summary>
    public byte[] EncodeReply(DecodedRequestV2 request, string senderIdentity, RpcReplyBody body, long? timeUnixNanos = null, string? traceUrl = null) =>
        EncodeReplyMessage(request, senderIdentity, ChoriaJson.SerializeToUtf8Bytes(body with { Data = RpcData.OrEmpty(body.Data) }), timeUnixNanos, traceUrl);

    /// <summary>The transport bytes of a node's <c>pong</c> answer to a discovery ping.</summary>
    public byte[] EncodeDiscoveryPong(DecodedRequestV2 request, string senderIdentity, long? timeUnixNanos = null, string? traceUrl = null) =>
        EncodeReplyMessage(request, senderIdentity, Encoding.UTF8.GetBytes(ChoriaCodec.Pong), timeUnixNanos, traceUrl);

    /// <summary>Takes a reply transport apart and verifies its hash, as Go receivers do; a mismatch throws.</summary>
    public DecodedReplyV2 DecodeReply(ReadOnlySpan<byte> transport)
    {
        var (headers, secureBytes) = OpenTransport(transport);

        const string secureLayer = ProtocolsV2.SecureReply;
        var secureJson = OpenLayer(secureBytes, secureLayer);
        var secure = new SecureReplyV2(
            ProtocolsV2.SecureReply,
            JsonFields.RequiredString(secureJson, "reply", secureLayer),
            JsonFields.RequiredString(secureJson, "hash", secureLayer),
            JsonFields.OptionalString(secureJson, "signature", secureLayer),
            JsonFields.OptionalString(secureJson, "sender", secureLayer));
        var replyBytes = Base64(secure.Reply, secureLayer, "reply");
        if (SecureReplyV2.HashOf(replyBytes) != secure.Hash)
        {
            throw new ChoriaProtocolException($"{secureLayer}: hash mismatch, the reply was altered or corrupted (hash says {secure.Hash})");
        }

        const string layer = ProtocolsV2.Reply;
        var json = OpenLayer(replyBytes, layer);
        var reply = new ReplyV2(
            ProtocolsV2.Reply,
            JsonFields.RequiredString(json, "message", layer),
            JsonFields.RequiredString(json, "request", layer),
            JsonFields.RequiredString(json, "sender", layer),
            JsonFields.RequiredString(json, "agent", layer),
            JsonFields.RequiredInteger(json, "time", layer));
        var message = Encoding.UTF8.GetString(Base64(reply.Message, layer, "message"));
        var body = message == ChoriaCodec.Pong ? null : ChoriaCodec.ParseReplyBody(message);
        return new DecodedReplyV2(headers, secure, reply, message, body);
    }

    /// <summary>The <c>sender</c> header of a transport without unwrapping it, which is all discovery looks at.</summary>
    public string ReadSender(ReadOnlySpan<byte> transport) =>
        OpenTransport(transport).Headers.Sender
        ?? throw new ChoriaProtocolException($"{ProtocolsV2.Transport}: header 'sender' is missing");

    /// <summary>Unix nanoseconds of the codec's clock.</summary>
    public long NowUnixNanos() => (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private byte[] EncodeRequestMessage(OutgoingRequest request, IRequestSigner signer, string message, long? timeUnixNanos)
    {
        if (string.IsNullOrEmpty(request.RequestId))
        {
            throw new ArgumentException("a v2 request needs an id (a KSUID)", nameof(request));
        }
        if (request.CallerId != signer.CallerId)
        {
            throw new ArgumentException($"caller '{request.CallerId}' is not the signer's caller id '{signer.CallerId}'", nameof(request));
        }
        var time = timeUnixNanos ?? (request.Time is { } at ? (at - DateTimeOffset.UnixEpoch).Ticks * 100 : NowUnixNanos());
        var requestBytes = ChoriaJson.SerializeToUtf8Bytes(new RequestV2(
            ProtocolsV2.Request,
            message,
            request.RequestId,
            request.SenderId,
            signer.CallerId,
            request.Collective,
            request.Agent,
            request.Ttl,
            time,
            RequestFilter.ForAgents(request.FilterAgents ?? [request.Agent])));
        var secure = ChoriaJson.SerializeToUtf8Bytes(new SecureRequestV2(
            ProtocolsV2.SecureRequest,
            Convert.ToBase64String(requestBytes),
            Convert.ToBase64String(signer.Sign(requestBytes)),
            signer.CallerToken));
        var replyTo = request.ReplyTo ?? Subjects.Reply(signer.CallerId, request.RequestId, request.Collective);
        return Transport(secure, TransportHeadersV2.Create(replyTo, request.SenderId, request.SeenByUrl));
    }

    private byte[] EncodeReplyMessage(DecodedRequestV2 request, string senderIdentity, byte[] message, long? timeUnixNanos, string? traceUrl)
    {
        var replyBytes = ChoriaJson.SerializeToUtf8Bytes(new ReplyV2(
            ProtocolsV2.Reply,
            Convert.ToBase64String(message),
            request.Request.Id,
            senderIdentity,
            request.Request.Agent,
            timeUnixNanos ?? NowUnixNanos()));
        var secure = ChoriaJson.SerializeToUtf8Bytes(SecureReplyV2.Wrap(replyBytes));
        return Transport(secure, TransportHeadersV2.Create(null, senderIdentity, traceUrl));
    }

    private static byte[] Transport(byte[] secure, TransportHeadersV2 headers)
    {
        var bytes = ChoriaJson.SerializeToUtf8Bytes(new TransportV2(ProtocolsV2.Transport, Convert.ToBase64String(secure), headers));
        return bytes.Length <= ChoriaCodec.MaxTransportBytes
            ? bytes
            : throw new ChoriaProtocolException($"{ProtocolsV2.Transport}: encoded message is {bytes.Length} bytes, over the {ChoriaCodec.MaxTransportBytes} byte limit");
    }

    private static (TransportHeadersV2 Headers, byte[] Secure) OpenTransport(ReadOnlySpan<byte> transport)
    {
        const string layer = ProtocolsV2.Transport;
        if (transport.Length > ChoriaCodec.MaxTransportBytes)
        {
            throw new ChoriaProtocolException($"{layer}: message is {transport.Length} bytes, over the {ChoriaCodec.MaxTransportBytes} byte limit");
        }
        var json = OpenLayer(transport, layer);
        var data = JsonFields.RequiredString(json, "data", layer);
        var headersJson = JsonFields.RequiredObject(json, "headers", layer);
        const string headersLayer = layer + " headers";
        var headers = new TransportHeadersV2(
            NullIfEmpty(JsonFields.OptionalString(headersJson, "reply", headersLayer)),
            NullIfEmpty(JsonFields.OptionalString(headersJson, "sender", headersLayer)),
            ChoriaCodec.ReadSeenBy(headersJson, "trace"));
        return (headers, Base64(data, layer, "data"));
    }

    // Every v2 layer names itself in 'protocol', so a layer is a JSON object whose protocol is the layer's own name.
    private static JsonElement OpenLayer(ReadOnlySpan<byte> utf8, string layer)
    {
        var json = JsonFields.ParseObject(utf8, layer);
        JsonFields.RequireProtocol(json, layer, layer);
        return json;
    }

    // Go's standard decoder wants padding and skips only line breaks; .NET's skips any whitespace, so refuse it first.
    private static byte[] Base64(string text, string layer, string field)
    {
        if (text.Any(c => char.IsWhiteSpace(c) && c is not '\r' and not '\n'))
        {
            throw new ChoriaProtocolException($"{layer}: field '{field}' is not valid base64");
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new ChoriaProtocolException($"{layer}: field '{field}' is not valid padded base64", e);
        }
    }

    private static long AtLeastOne(JsonElement json, string name, string layer)
    {
        var value = JsonFields.RequiredInteger(json, name, layer);
        return value >= 1 ? value : throw new ChoriaProtocolException($"{layer}: field '{name}' must be at least 1");
    }

    private void EnsureWithinTtl(RequestV2 request)
    {
        var now = NowUnixNanos();
        var window = request.Ttl * NanosPerSecond;
        if (request.Time < now - window)
        {
            throw new ChoriaProtocolException(
                $"request {request.Id} from {request.Sender} has expired: created {(now - request.Time) / NanosPerSecond}s ago, ttl {request.Ttl}s");
        }
        if (request.Time > now + window)
        {
            throw new ChoriaProtocolException(
                $"request {request.Id} from {request.Sender} is from the future: {(request.Time - now) / NanosPerSecond}s ahead, ttl {request.Ttl}s");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
