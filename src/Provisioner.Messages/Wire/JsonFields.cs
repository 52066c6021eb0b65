using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>Reads envelope fields by hand so that every rejection names the layer, the field and the reason.</summary>
internal static class JsonFields
{
    /// <summary>A layer as an element that owns its copy of the bytes; a decoder that lets go of it at once uses <see cref="PooledJson"/>.</summary>
    public static JsonElement ParseObject(ReadOnlySpan<byte> utf8, string layer)
    {
        using var parsed = PooledJson.ParseObject(utf8, layer);
        return parsed.Root.Clone();
    }

    public static JsonElement ParseObject(string text, string layer)
    {
        using var parsed = PooledJson.ParseObject(text, layer);
        return parsed.Root.Clone();
    }

    public static void RequireProtocol(JsonElement obj, string expected, string layer)
    {
        // Compared as JSON text, so the protocol every layer of every message names is never made a string.
        var protocol = RequiredStringValue(obj, "protocol", layer);
        if (!TextEquals(protocol, expected))
        {
            throw new ChoriaProtocolException($"{layer}: protocol is '{Text(protocol, "protocol", layer)}', expected '{expected}'");
        }
    }

    // Comparing text no string can hold (a lone surrogate escape) throws; it equals nothing.
    private static bool TextEquals(JsonElement value, string expected)
    {
        try
        {
            return value.ValueEquals(expected);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static string RequiredString(JsonElement obj, string name, string layer, bool allowEmpty = false) =>
        Text(RequiredStringValue(obj, name, layer, allowEmpty), name, layer);

    /// <summary>A required string field as its element, checked as <see cref="RequiredString"/> checks it, for a reader that needs no string.</summary>
    public static JsonElement RequiredStringValue(JsonElement obj, string name, string layer, bool allowEmpty = false)
    {
        var value = Required(obj, name, layer);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ChoriaProtocolException($"{layer}: field '{name}' must be a string, not {value.ValueKind}");
        }
        return allowEmpty || !value.ValueEquals(""u8)
            ? value
            : throw new ChoriaProtocolException($"{layer}: field '{name}' must not be empty");
    }

    /// <summary>
    /// A required string field's text as UTF-8, unescaped, with no string between: for a field that is itself a layer
    /// (parsed and hashed as bytes). Text that is not valid Unicode (a lone surrogate escape) is rejected.
    /// </summary>
    public static byte[] RequiredUtf8(JsonElement obj, string name, string layer)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(RequiredStringValue(obj, name, layer)));
        reader.Read();
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.ToArray();
        }
        var buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            return buffer.AsSpan(0, reader.CopyString(buffer)).ToArray();
        }
        catch (InvalidOperationException)
        {
            throw NotText(name, layer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string? OptionalString(JsonElement obj, string name, string layer)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? Text(value, name, layer)
            : throw new ChoriaProtocolException($"{layer}: field '{name}' must be a string, not {value.ValueKind}");
    }

    public static long RequiredInteger(JsonElement obj, string name, string layer)
    {
        var value = Required(obj, name, layer);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new ChoriaProtocolException($"{layer}: field '{name}' must be an integer, not {Describe(value)}");
    }

    public static JsonElement RequiredObject(JsonElement obj, string name, string layer)
    {
        var value = Required(obj, name, layer);
        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new ChoriaProtocolException($"{layer}: field '{name}' must be an object, not {value.ValueKind}");
    }

    public static JsonElement? OptionalObject(JsonElement obj, string name, string layer)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new ChoriaProtocolException($"{layer}: field '{name}' must be an object, not {value.ValueKind}");
    }

    public static IReadOnlyList<string> StringArray(JsonElement obj, string name, string layer, bool required)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Missing(name, layer) : [];
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new ChoriaProtocolException($"{layer}: field '{name}' must be an array of strings");
        }
        return [.. value.EnumerateArray().Select(e => Text(e, name, layer))];
    }

    public static JsonElement RequiredArray(JsonElement obj, string name, string layer)
    {
        var value = Required(obj, name, layer);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new ChoriaProtocolException($"{layer}: field '{name}' must be an array, not {value.ValueKind}");
    }

    /// <summary>
    /// A string element's text. JSON can spell what no string holds (a lone surrogate escape, bytes that are not UTF-8),
    /// and any machine in provisioning mode can send it: rejected as the layer's, not thrown past the decoder.
    /// </summary>
    public static string Text(JsonElement value, string name, string layer) =>
        TryText(value, out var text) ? text : throw NotText(name, layer);

    /// <summary>A string element's text, or false where <see cref="Text"/> would reject it.</summary>
    public static bool TryText(JsonElement value, [NotNullWhen(true)] out string? text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static JsonElement Required(JsonElement obj, string name, string layer) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : throw Missing(name, layer);

    private static ChoriaProtocolException Missing(string name, string layer) => new($"{layer}: required field '{name}' is missing");

    private static ChoriaProtocolException NotText(string name, string layer) => new($"{layer}: field '{name}' is not valid text");

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind.ToString();
}
