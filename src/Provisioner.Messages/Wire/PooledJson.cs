using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>
/// A JSON object parsed into buffers rented from the shared pool, for a decoder that takes its fields out and lets go:
/// parsing each layer into a document of its own copied every message several times over (a reply's bytes once per
/// layer, 7% of what a member allocated in a provisioning burst). <see cref="Dispose"/> returns the buffers, after
/// which no element of <see cref="Root"/> may be read: whatever outlives the decoder is cloned (<see cref="JsonElement.Clone"/>).
/// Invalid JSON and a value that is not an object are the layer's <see cref="ChoriaProtocolException"/>.
/// </summary>
internal readonly ref struct PooledJson
{
    private readonly byte[] _buffer;
    private readonly JsonDocument _document;

    private PooledJson(byte[] buffer, JsonDocument document)
    {
        _buffer = buffer;
        _document = document;
    }

    public JsonElement Root => _document.RootElement;

    public static PooledJson ParseObject(ReadOnlySpan<byte> utf8, string layer)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.Length);
        utf8.CopyTo(buffer);
        return Parse(buffer, utf8.Length, layer);
    }

    /// <summary>A layer that arrived as text (a JSON string inside the layer around it), encoded straight into the rented buffer.</summary>
    public static PooledJson ParseObject(string text, string layer)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        return Parse(buffer, Encoding.UTF8.GetBytes(text, buffer), layer);
    }

    private static PooledJson Parse(byte[] buffer, int length, string layer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new ChoriaProtocolException($"{layer} is not valid JSON: {e.Message}", e);
        }
        var kind = document.RootElement.ValueKind;
        if (kind == JsonValueKind.Object)
        {
            return new PooledJson(buffer, document);
        }
        document.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
        throw new ChoriaProtocolException($"{layer} must be a JSON object, not {kind}");
    }

    public void Dispose()
    {
        _document.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
