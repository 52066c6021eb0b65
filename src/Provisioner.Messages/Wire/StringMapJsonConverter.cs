using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>
/// A string→string map (configuration, policy files) as JSON. Reads an object of strings in document order
/// (the last of a repeated key wins, as Go's decoder does) and refuses any other value, naming the key: the
/// node writes these values into files verbatim, so a number or object must be refused, not coerced. Writes
/// the keys in ordinal order, as Go sorts map keys. A JSON null stays null; records that need a map supply
/// their own empty one.
/// </summary>
public sealed class StringMapJsonConverter : JsonConverter<IReadOnlyDictionary<string, string>?>
{
    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"must be an object of strings, not {JsonTokens.Describe(reader.TokenType)}");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"key \"{key}\" must have a string value, not {JsonTokens.Describe(reader.TokenType)}");
            }
            map[key] = reader.GetString()!;
        }
        return map;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value!.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, text);
        }
        writer.WriteEndObject();
    }
}
