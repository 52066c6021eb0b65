using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Actors.Signing;

/// <summary>
/// Reads a unix time from a helper as Go's JWT library does: an integer, or a number with a fraction
/// (truncated), which helpers that compute <c>time.time() + n</c> produce.
/// </summary>
internal sealed class HelperUnixTimeJsonConverter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"must be a number of unix seconds, not {Describe(reader.TokenType)}");
        }
        if (reader.TryGetInt64(out var seconds))
        {
            return seconds;
        }
        var value = reader.GetDouble();
        if (double.IsNaN(value) || value is >= long.MaxValue or <= long.MinValue)
        {
            throw new JsonException("is out of range for a unix time");
        }
        return (long)Math.Truncate(value);
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(value.Value);
        }
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
}
