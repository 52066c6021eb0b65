using System.Text.Json;
using System.Text.Json.Serialization;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding.Helper;

/// <summary>
/// Reads a helper's string→string map (configuration, policies), naming the key whose value is not a string:
/// the node writes these values into files verbatim, so a number or object must be refused, not coerced.
/// </summary>
internal sealed class HelperStringMapJsonConverter : JsonConverter<IReadOnlyDictionary<string, string>?>
{
    public override IReadOnlyDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"must be an object of strings, not {UnixTimeJsonConverter.Describe(reader.TokenType)}");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"key \"{key}\" must have a string value, not {UnixTimeJsonConverter.Describe(reader.TokenType)}");
            }
            // Last one wins on a repeated key, as Go's decoder does.
            map[key] = reader.GetString()!;
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }
        writer.WriteEndObject();
    }
}
