using System.Text;
using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>Reads envelope fields by hand so that every rejection names the layer, the field and the reason.</summary>
internal static class JsonFields
{
    public static JsonElement ParseObject(ReadOnlySpan<byte> utf8, string layer)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            // One copy of the value, owned by the element (no pooled document to clone out of and dispose).
            root = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new ChoriaProtocolException($"{layer} is not valid JSON: unexpected data after the object");
            }
        }
        catch (JsonException e)
        {
            throw new ChoriaProtocolException($"{layer} is not valid JSON: {e.Message}", e);
        }
        return root.ValueKind == JsonValueKind.Object
            ? root
            : throw new ChoriaProtocolException($"{layer} must be a JSON object, not {root.ValueKind}");
    }

    public static JsonElement ParseObject(string text, string layer) => ParseObject(Encoding.UTF8.GetBytes(text), layer);

    public static void RequireProtocol(JsonElement obj, string expected, string layer)
    {
        var protocol = RequiredString(obj, "protocol", layer);
        if (protocol != expected)
        {
            throw new ChoriaProtocolException($"{layer}: protocol is '{protocol}', expected '{expected}'");
        }
    }

    public static string RequiredString(JsonElement obj, string name, string layer, bool allowEmpty = false) =>
        RequiredStringValue(obj, name, layer, allowEmpty).GetString()!;

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

    public static string? OptionalString(JsonElement obj, string name, string layer)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
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
        return [.. value.EnumerateArray().Select(e => e.GetString()!)];
    }

    public static JsonElement RequiredArray(JsonElement obj, string name, string layer)
    {
        var value = Required(obj, name, layer);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new ChoriaProtocolException($"{layer}: field '{name}' must be an array, not {value.ValueKind}");
    }

    private static JsonElement Required(JsonElement obj, string name, string layer) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : throw Missing(name, layer);

    private static ChoriaProtocolException Missing(string name, string layer) => new($"{layer}: required field '{name}' is missing");

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind.ToString();
}
