using System.Text.Json;
using System.Text.Json.Serialization;
using Provisioner.Messages.Wire;

namespace Provisioner.Security.Tokens;

/// <summary>
/// A unix time in seconds (JWT NumericDate), read as Go's JWT library reads it: an integer, or a number with a
/// fraction, which is accepted and truncated (some JWT libraries, and helpers that compute <c>time.time() + n</c>,
/// write one). Always written as whole seconds.
/// </summary>
public sealed class UnixTimeJsonConverter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"must be a number of unix seconds, not {JsonTokens.Describe(reader.TokenType)}");
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
}
