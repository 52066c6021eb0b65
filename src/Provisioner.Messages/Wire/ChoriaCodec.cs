using System.Text;
using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>
/// Builds and takes apart Choria v1 messages as they travel over NATS in provisioning mode, layer by
/// layer (RPC body, <c>choria:request:1</c> or <c>choria:reply:1</c>, the secure layer, <c>choria:transport:1</c>),
/// byte for byte as go-choria writes them with protocol security off. Decoding validates every layer and
/// throws a <see cref="ChoriaProtocolException"/> naming the layer, field and reason.
/// The clock decides a request's time and whether a received request is within its ttl.
/// </summary>
public sealed class ChoriaCodec(TimeProvider? clock = null)
{
    /// <summary>The largest transport accepted or produced: 1 MiB, NATS's default maximum payload.</summary>
    public const int MaxTransportBytes = 1024 * 1024;

    /// <summary>The discovery request message: base64 of <c>ping</c> (a raw <c>ping</c> would itself base64-decode to garbage).</summary>
    public const string PingMessage = "cGluZw==";

    /// <summary>The discovery reply message; it is not JSON.</summary>
    public const string Pong = "pong";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>A codec on the system clock.</summary>
    public static ChoriaCodec Default { get; } = new();

    /// <summary>The transport bytes of an RPC request; publish them with a plain PUB to the node's subject.</summary>
    public byte[] EncodeRequest(OutgoingRequest request) => EncodeRequestMessage(request, null).ToArray();

    /// <summary>
    /// <see cref="EncodeRequest"/>'s bytes in a buffer rented from the shared pool, for a sender that publishes them and
    /// lets go (disposing returns the buffer): a provisioning burst sends several requests per node.
    /// </summary>
    public RentedTransport EncodeRequestRented(OutgoingRequest request) => RentedTransport.Of(EncodeRequestMessage(request, null));

    /// <summary>
    /// The transport bytes of the discovery broadcast: agent <c>discovery</c>, message <see cref="PingMessage"/>,
    /// filtered on nodes that have <c>choria_provision</c> loaded. Publish to <see cref="Subjects.BroadcastAgent"/> of <c>discovery</c>.
    /// </summary>
    public byte[] EncodeDiscoveryPing(string senderId, string callerId, string requestId, DateTimeOffset? time = null, string? seenByUrl = null) =>
        EncodeRequestMessage(
            new OutgoingRequest
            {
                Agent = AgentNames.Discovery,
                Action = "ping",
                SenderId = senderId,
                CallerId = callerId,
                RequestId = requestId,
                Time = time,
                FilterAgents = [AgentNames.Provision],
                SeenByUrl = seenByUrl,
            },
            PingMessage).ToArray();

    /// <summary>Takes a request transport apart, validating every layer and the ttl window against the clock.</summary>
    public DecodedRequest DecodeRequest(ReadOnlySpan<byte> transport)
    {
        var (headers, secureBytes) = OpenTransport(transport);
        if (headers.ReplyTo is null)
        {
            throw new ChoriaProtocolException($"{Protocols.Transport}: header 'reply-to' is missing, so the request cannot be answered");
        }

        const string secureLayer = Protocols.SecureRequest;
        SecureRequest secure;
        using (var secureJson = PooledJson.ParseObject(secureBytes, secureLayer))
        {
            JsonFields.RequireProtocol(secureJson.Root, secureLayer, secureLayer);
            secure = new SecureRequest(
                Protocols.SecureRequest,
                JsonFields.RequiredString(secureJson.Root, "message", secureLayer),
                JsonFields.RequiredString(secureJson.Root, "signature", secureLayer),
                JsonFields.RequiredString(secureJson.Root, "pubcert", secureLayer));
        }

        const string layer = Protocols.Request;
        string message;
        RequestEnvelope envelope;
        using (var requestJson = PooledJson.ParseObject(secure.Message, layer))
        {
            JsonFields.RequireProtocol(requestJson.Root, layer, layer);
            message = JsonFields.RequiredString(requestJson.Root, "message", layer);
            envelope = ReadRequestEnvelope(JsonFields.RequiredObject(requestJson.Root, "envelope", layer));
        }
        EnsureWithinTtl(envelope);

        var payload = UnwrapBase64Quirk(message);
        var (body, bodyError) = envelope.Agent == AgentNames.Discovery ? (null, null) : ParseRequestBody(payload);
        return new DecodedRequest(headers, secure, new ChoriaRequest(Protocols.Request, message, envelope), payload, body, bodyError);
    }

    /// <summary>
    /// The transport bytes of the reply to <paramref name="request"/>; publish them to <see cref="DecodedRequest.ReplyTo"/>.
    /// <paramref name="seenByUrl"/> is the URL of the broker the reply goes out on ("" while disconnected), which the
    /// <c>seen-by</c> hop records.
    /// </summary>
    public byte[] EncodeReply(DecodedRequest request, string senderIdentity, RpcReplyBody body, DateTimeOffset? time = null, string? seenByUrl = null) =>
        EncodeReplyMessage(request, senderIdentity, body with { Data = RpcData.OrEmpty(body.Data) }, null, time, seenByUrl).ToArray();

    /// <summary>The transport bytes of a node's <c>pong</c> answer to a discovery ping.</summary>
    public byte[] EncodeDiscoveryPong(DecodedRequest request, string senderIdentity, DateTimeOffset? time = null, string? seenByUrl = null) =>
        EncodeReplyMessage(request, senderIdentity, null, Pong, time, seenByUrl).ToArray();

    /// <summary>Takes a reply transport apart and verifies its hash; a mismatch throws.</summary>
    public DecodedReply DecodeReply(ReadOnlySpan<byte> transport)
    {
        var (headers, secureBytes) = OpenTransport(transport);

        const string secureLayer = Protocols.SecureReply;
        byte[] messageBytes;
        string hash;
        using (var secureJson = PooledJson.ParseObject(secureBytes, secureLayer))
        {
            JsonFields.RequireProtocol(secureJson.Root, secureLayer, secureLayer);
            // The reply layer as the bytes the hash is over: no string between.
            messageBytes = JsonFields.RequiredUtf8(secureJson.Root, "message", secureLayer);
            hash = JsonFields.RequiredString(secureJson.Root, "hash", secureLayer);
        }
        if (SecureReply.HashOf(messageBytes) != hash)
        {
            throw new ChoriaProtocolException($"{secureLayer}: hash mismatch, the reply message was altered or corrupted (hash says {hash})");
        }

        const string layer = Protocols.Reply;
        string message;
        ReplyEnvelope envelope;
        using (var replyJson = PooledJson.ParseObject(messageBytes, layer))
        {
            JsonFields.RequireProtocol(replyJson.Root, layer, layer);
            message = JsonFields.RequiredString(replyJson.Root, "message", layer);
            var envelopeJson = JsonFields.RequiredObject(replyJson.Root, "envelope", layer);
            const string envelopeLayer = layer + " envelope";
            envelope = new ReplyEnvelope(
                JsonFields.RequiredString(envelopeJson, "requestid", envelopeLayer),
                JsonFields.RequiredString(envelopeJson, "senderid", envelopeLayer),
                JsonFields.RequiredString(envelopeJson, "agent", envelopeLayer),
                JsonFields.RequiredInteger(envelopeJson, "time", envelopeLayer));
        }
        var body = message == Pong ? null : ParseReplyBody(message);
        return new DecodedReply(headers, messageBytes, hash, new ChoriaReply(Protocols.Reply, message, envelope), body);
    }

    /// <summary>
    /// The <c>mc_sender</c> of a transport without unwrapping it, which is all discovery looks at.
    /// </summary>
    public string ReadSender(ReadOnlySpan<byte> transport) =>
        OpenTransport(transport).Headers.McSender
        ?? throw new ChoriaProtocolException($"{Protocols.Transport}: header 'mc_sender' is missing");

    // In the thread's layer buffer (LayerWriter): copied out by the caller before the thread writes another message.
    // The message is the request's RPC body, or the given text (discovery's ping).
    private ReadOnlySpan<byte> EncodeRequestMessage(OutgoingRequest request, string? text)
    {
        if (!RequestIds.IsWellFormed(request.RequestId))
        {
            throw new ArgumentException($"request id '{request.RequestId}' must be 32 characters", nameof(request));
        }
        var time = (request.Time ?? _clock.GetUtcNow()).ToUnixTimeSeconds();
        var envelope = new RequestEnvelope(
            request.RequestId,
            request.SenderId,
            request.CallerId,
            request.Collective,
            request.Agent,
            request.Ttl,
            time,
            RequestFilter.ForAgents(request.FilterAgents ?? [request.Agent]));
        var replyTo = request.ReplyTo ?? Subjects.Reply(request.CallerId, request.RequestId, request.Collective);
        var headers = TransportHeaders.Create(replyTo, request.SenderId, request.SeenByUrl);
        return text is null
            ? LayerWriter.Current.Request(new RpcRequestBody(request.Agent, request.Action, RpcData.OrEmpty(request.Data)), envelope, headers)
            : LayerWriter.Current.Request(Encoding.UTF8.GetBytes(text), envelope, headers);
    }

    // The message is the reply's RPC body, or the given text (discovery's pong).
    private ReadOnlySpan<byte> EncodeReplyMessage(DecodedRequest request, string senderIdentity, RpcReplyBody? body, string? text, DateTimeOffset? time, string? seenByUrl)
    {
        var envelope = new ReplyEnvelope(
            request.Envelope.RequestId,
            senderIdentity,
            request.Envelope.Agent,
            (time ?? _clock.GetUtcNow()).ToUnixTimeSeconds());
        // Go copies the request's hops into the reply only for a federated request (CopyFederationData), then adds its own.
        var federation = request.Headers.Federation;
        var headers = TransportHeaders.Create(null, senderIdentity, seenByUrl, federation, federation is null ? null : request.Headers.SeenBy);
        return body is not null
            ? LayerWriter.Current.Reply(body, envelope, headers)
            : LayerWriter.Current.Reply(Encoding.UTF8.GetBytes(text!), envelope, headers);
    }

    private static (TransportHeaders Headers, byte[] Secure) OpenTransport(ReadOnlySpan<byte> transport)
    {
        const string layer = Protocols.Transport;
        if (transport.Length > MaxTransportBytes)
        {
            throw new ChoriaProtocolException($"{layer}: message is {transport.Length} bytes, over the {MaxTransportBytes} byte limit");
        }
        using var parsed = PooledJson.ParseObject(transport, layer);
        var json = parsed.Root;
        JsonFields.RequireProtocol(json, layer, layer);
        var data = JsonFields.RequiredStringValue(json, "data", layer);
        var headersJson = JsonFields.RequiredObject(json, "headers", layer);
        const string headersLayer = layer + " headers";
        var headers = new TransportHeaders(
            NullIfEmpty(JsonFields.OptionalString(headersJson, "reply-to", headersLayer)),
            NullIfEmpty(JsonFields.OptionalString(headersJson, "mc_sender", headersLayer)),
            ReadSeenBy(headersJson),
            ReadFederation(headersJson));
        // Decoded from the JSON's bytes, no string between; line breaks (which Go's decoder skips) are skipped too.
        return data.TryGetBytesFromBase64(out var secure)
            ? (headers, secure)
            : throw new ChoriaProtocolException($"{layer}: field 'data' is not valid base64");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // seen-by is informational; a malformed one is dropped rather than costing the whole message.
    internal static IReadOnlyList<IReadOnlyList<string>>? ReadSeenBy(JsonElement headers, string name = "seen-by")
    {
        if (!headers.TryGetProperty(name, out var seenBy) || seenBy.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var hops = new List<IReadOnlyList<string>>();
        foreach (var hop in seenBy.EnumerateArray())
        {
            if (Hop(hop) is { } parts)
            {
                hops.Add(parts);
            }
        }
        return hops.Count == 0 ? null : hops;

        // An array of strings, or null: any other hop, text no string can hold included, is dropped.
        static List<string>? Hop(JsonElement hop)
        {
            if (hop.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var parts = new List<string>();
            foreach (var part in hop.EnumerateArray())
            {
                if (part.ValueKind != JsonValueKind.String || !JsonFields.TryText(part, out var text))
                {
                    return null;
                }
                parts.Add(text);
            }
            return parts;
        }
    }

    private static FederationHeader? ReadFederation(JsonElement headers)
    {
        const string layer = Protocols.Transport + " federation";
        var federation = JsonFields.OptionalObject(headers, "federation", Protocols.Transport + " headers");
        if (federation is not { } value)
        {
            return null;
        }
        var targets = JsonFields.StringArray(value, "target", layer, required: false);
        return new FederationHeader(
            JsonFields.OptionalString(value, "req", layer),
            JsonFields.OptionalString(value, "reply-to", layer),
            targets.Count == 0 ? null : targets);
    }

    private static RequestEnvelope ReadRequestEnvelope(JsonElement json)
    {
        const string layer = Protocols.Request + " envelope";
        var requestId = JsonFields.RequiredString(json, "requestid", layer);
        if (!RequestIds.IsWellFormed(requestId))
        {
            throw new ChoriaProtocolException($"{layer}: field 'requestid' must be 32 characters, got {requestId.Length}");
        }
        var ttl = JsonFields.RequiredInteger(json, "ttl", layer);
        if (ttl < 0)
        {
            throw new ChoriaProtocolException($"{layer}: field 'ttl' must not be negative");
        }
        return new RequestEnvelope(
            requestId,
            JsonFields.RequiredString(json, "senderid", layer),
            JsonFields.RequiredString(json, "callerid", layer),
            JsonFields.RequiredString(json, "collective", layer),
            JsonFields.RequiredString(json, "agent", layer),
            ttl,
            JsonFields.RequiredInteger(json, "time", layer),
            ReadFilter(JsonFields.RequiredObject(json, "filter", layer)));
    }

    internal static RequestFilter ReadFilter(JsonElement json)
    {
        const string layer = Protocols.Request + " filter";
        var facts = JsonFields.RequiredArray(json, "fact", layer).EnumerateArray().Select(fact =>
        {
            if (fact.ValueKind != JsonValueKind.Object)
            {
                throw new ChoriaProtocolException($"{layer}: every 'fact' entry must be an object");
            }
            const string factLayer = layer + " fact";
            return new FactFilter(
                JsonFields.RequiredString(fact, "fact", factLayer),
                JsonFields.RequiredString(fact, "operator", factLayer),
                JsonFields.RequiredString(fact, "value", factLayer, allowEmpty: true));
        }).ToList();
        return new RequestFilter(
            facts,
            JsonFields.StringArray(json, "cf_class", layer, required: true),
            JsonFields.StringArray(json, "agent", layer, required: false),
            JsonFields.StringArray(json, "identity", layer, required: true),
            [.. JsonFields.RequiredArray(json, "compound", layer).EnumerateArray().Select(c => c.Clone())]);
    }

    private void EnsureWithinTtl(RequestEnvelope envelope)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var created = DateTimeOffset.FromUnixTimeSeconds(envelope.Time).ToString("yyyy-MM-ddTHH:mm:ssZ");
        if (envelope.Time < now - envelope.Ttl)
        {
            throw new ChoriaProtocolException(
                $"request {envelope.RequestId} from {envelope.SenderId} has expired: created {created}, {now - envelope.Time}s ago, ttl {envelope.Ttl}s");
        }
        if (envelope.Time > now + envelope.Ttl)
        {
            throw new ChoriaProtocolException(
                $"request {envelope.RequestId} from {envelope.SenderId} is from the future: created {created}, {envelope.Time - now}s ahead, ttl {envelope.Ttl}s");
        }
    }

    // Go's server first tries to base64-decode the message and keeps the decoded bytes when that works;
    // JSON never decodes ('{' is not a base64 character) so RPC bodies stay raw, while discovery's ping arrives encoded.
    // .NET skips all whitespace when decoding base64 but Go only skips line breaks, so other whitespace means "not base64".
    internal static string UnwrapBase64Quirk(string message)
    {
        if (message.Any(c => char.IsWhiteSpace(c) && c is not '\r' and not '\n'))
        {
            return message;
        }
        var buffer = new byte[(message.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(message, buffer, out var written)
            ? Encoding.UTF8.GetString(buffer, 0, written)
            : message;
    }

    internal static (RpcRequestBody? Body, string? Error) ParseRequestBody(string payload)
    {
        const string layer = "RPC request body";
        try
        {
            using var parsed = PooledJson.ParseObject(payload, layer);
            var json = parsed.Root;
            var data = JsonFields.OptionalObject(json, "data", layer)?.Clone() ?? RpcData.EmptyObject;
            return (new RpcRequestBody(
                JsonFields.RequiredString(json, "agent", layer),
                JsonFields.RequiredString(json, "action", layer),
                data), null);
        }
        catch (ChoriaProtocolException e)
        {
            return (null, e.Message);
        }
    }

    internal static RpcReplyBody ParseReplyBody(string message)
    {
        const string layer = "RPC reply body";
        using var parsed = PooledJson.ParseObject(message, layer);
        var json = parsed.Root;
        var code = JsonFields.RequiredInteger(json, "statuscode", layer);
        if (code is < int.MinValue or > int.MaxValue)
        {
            throw new ChoriaProtocolException($"{layer}: field 'statuscode' is out of range");
        }
        var data = json.TryGetProperty("data", out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : RpcData.EmptyObject;
        return new RpcReplyBody(
            JsonFields.RequiredString(json, "action", layer, allowEmpty: true),
            (StatusCode)code,
            JsonFields.RequiredString(json, "statusmsg", layer, allowEmpty: true),
            data);
    }
}
