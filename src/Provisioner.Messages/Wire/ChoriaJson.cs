using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Provisioner.Messages.Wire;

/// <summary>
/// Serializes Choria wire records the way Go's <c>encoding/json</c> does: compact, keys in record
/// order, strings escaped by <see cref="GoJsonEncoder"/>.
/// </summary>
public static class ChoriaJson
{
    private static readonly ChoriaJsonContext Context = new(new JsonSerializerOptions { Encoder = GoJsonEncoder.Instance });

    /// <summary>Options carrying the Go-compatible encoder and the generated metadata of every wire record.</summary>
    public static JsonSerializerOptions Options => Context.Options;

    /// <summary>The compact JSON text of a wire record.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>The compact JSON bytes (UTF-8) of a wire record.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    /// <summary>Re-writes any JSON value compactly with Go escaping, keeping its key order.</summary>
    public static string Serialize(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = GoJsonEncoder.Instance }))
        {
            value.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a wire record from <paramref name="json"/>, turning a type mismatch into a
    /// <see cref="ChoriaProtocolException"/> that names <paramref name="what"/> and the offending path.
    /// </summary>
    public static T Deserialize<T>(JsonElement json, string what)
    {
        try
        {
            return json.Deserialize(TypeInfo<T>()) ?? throw new ChoriaProtocolException($"{what} is null");
        }
        catch (JsonException e)
        {
            throw new ChoriaProtocolException($"{what} is invalid at {e.Path ?? "$"}: {Reason(e)}", e);
        }
    }

    private static string Reason(JsonException e) =>
        e.InnerException is not null and not JsonException ? e.InnerException.Message : e.Message.Split(" Path:")[0];

    internal static JsonTypeInfo<T> TypeInfo<T>() =>
        Context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not a Choria wire record");
}
