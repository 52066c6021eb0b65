using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>
/// Writes a v1 message's layers inside out as UTF-8, each into a buffer this thread keeps, so that only the finished
/// transport leaves it (copied by the codec into an array, or into a rented one for a sender that publishes and lets
/// go): the layers as records went through a UTF-16 string per layer and a base64 string, several copies of a
/// message the size of a signed certificate and its configuration. The bytes are the records' own: same
/// names, same order, the Go escaping of <see cref="ChoriaJson"/>, and <c>data</c> as standard base64 as Go writes a
/// <c>[]byte</c>.
/// </summary>
internal sealed class LayerWriter
{
    [ThreadStatic]
    private static LayerWriter? _current;

    private static readonly JsonWriterOptions Options = new() { Encoder = GoJsonEncoder.Instance };

    // A thread keeps its buffers for messages up to this size; after a larger one it starts afresh, so a rare large
    // message does not stay in memory per thread.
    private const int KeptBytes = 256 * 1024;

    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly ArrayBufferWriter<byte> _inner = new(4096);
    private readonly ArrayBufferWriter<byte> _secure = new(4096);
    private readonly ArrayBufferWriter<byte> _transport = new(8192);
    private readonly Utf8JsonWriter _writer = new(Stream.Null, Options);

    /// <summary>This thread's writer; its methods do not call each other, so one per thread suffices.</summary>
    public static LayerWriter Current => _current ??= new LayerWriter();

    /// <summary>
    /// The transport of a <c>choria:request:1</c> with protocol security off whose message is <paramref name="body"/>'s
    /// JSON, written as UTF-8 into a buffer of its own rather than made a string first; in this thread's buffer, valid
    /// until the thread writes its next message.
    /// </summary>
    public ReadOnlySpan<byte> Request(RpcRequestBody body, RequestEnvelope envelope, TransportHeaders headers) =>
        Request(Serialize(body, _body), envelope, headers);

    /// <summary>As the other overload, the message given as its UTF-8 text (discovery's ping).</summary>
    public ReadOnlySpan<byte> Request(ReadOnlySpan<byte> message, RequestEnvelope envelope, TransportHeaders headers) =>
        SecureRequest(Layer(Protocols.Request, message, envelope), headers);

    /// <summary>The transport of a <c>choria:reply:1</c>, its secure layer hashing the reply's exact bytes; as <see cref="Request(RpcRequestBody, RequestEnvelope, TransportHeaders)"/>.</summary>
    public ReadOnlySpan<byte> Reply(RpcReplyBody body, ReplyEnvelope envelope, TransportHeaders headers) =>
        Reply(Serialize(body, _body), envelope, headers);

    /// <summary>As the other overload, the message given as its UTF-8 text (discovery's pong).</summary>
    public ReadOnlySpan<byte> Reply(ReadOnlySpan<byte> message, ReplyEnvelope envelope, TransportHeaders headers) =>
        SecureReply(Layer(Protocols.Reply, message, envelope), headers);

    // The request and reply layers: protocol, message, envelope, in the records' order.
    private ReadOnlySpan<byte> Layer<TEnvelope>(string protocol, ReadOnlySpan<byte> message, TEnvelope envelope)
    {
        Start(_inner);
        _writer.WriteString("protocol", protocol);
        _writer.WriteString("message", message);
        _writer.WritePropertyName("envelope");
        JsonSerializer.Serialize(_writer, envelope, ChoriaJson.TypeInfo<TEnvelope>());
        return End(_inner);
    }

    private ReadOnlySpan<byte> SecureRequest(ReadOnlySpan<byte> inner, TransportHeaders headers)
    {
        Start(_secure);
        _writer.WriteString("protocol", Protocols.SecureRequest);
        _writer.WriteString("message", inner);
        _writer.WriteString("signature", Protocols.Insecure);
        _writer.WriteString("pubcert", Protocols.Insecure);
        return Transport(End(_secure), headers);
    }

    private ReadOnlySpan<byte> SecureReply(ReadOnlySpan<byte> inner, TransportHeaders headers)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(inner, hash);
        Start(_secure);
        _writer.WriteString("protocol", Protocols.SecureReply);
        _writer.WriteString("message", inner);
        _writer.WriteBase64String("hash", hash);
        return Transport(End(_secure), headers);
    }

    private ReadOnlySpan<byte> Transport(ReadOnlySpan<byte> secure, TransportHeaders headers)
    {
        Start(_transport);
        _writer.WriteString("protocol", Protocols.Transport);
        _writer.WriteBase64String("data", secure);
        _writer.WritePropertyName("headers");
        JsonSerializer.Serialize(_writer, headers, ChoriaJson.TypeInfo<TransportHeaders>());
        var bytes = End(_transport);
        if (_transport.Capacity > KeptBytes)
        {
            _current = null;
        }
        return bytes.Length <= ChoriaCodec.MaxTransportBytes
            ? bytes
            : throw new ChoriaProtocolException($"{Protocols.Transport}: encoded message is {bytes.Length} bytes, over the {ChoriaCodec.MaxTransportBytes} byte limit");
    }

    private ReadOnlySpan<byte> Serialize<T>(T value, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        _writer.Reset(buffer);
        JsonSerializer.Serialize(_writer, value, ChoriaJson.TypeInfo<T>());
        _writer.Flush();
        return buffer.WrittenSpan;
    }

    private void Start(ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        _writer.Reset(buffer);
        _writer.WriteStartObject();
    }

    private ReadOnlySpan<byte> End(ArrayBufferWriter<byte> buffer)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return buffer.WrittenSpan;
    }
}
