using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// Writes a string map with its keys in ordinal order, as Go sorts map keys, and an absent map as
/// <c>{}</c>; reads an object of strings (or null, as an empty map).
/// </summary>
public sealed class SortedStringMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return map;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected an object of strings");
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"value of '{key}' must be a string");
            }
            map[key] = reader.GetString()!;
        }
        return map;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in (value ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, text);
        }
        writer.WriteEndObject();
    }
}
