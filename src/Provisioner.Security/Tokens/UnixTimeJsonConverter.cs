using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Security.Tokens;

/// <summary>
/// JWT NumericDate: written as whole unix seconds; read from an integer or, as some JWT libraries
/// write it, a number with a fraction (truncated).
/// </summary>
internal sealed class UnixTimeJsonConverter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("a time claim must be a number of unix seconds");
        }
        if (reader.TryGetInt64(out var seconds))
        {
            return seconds;
        }
        var value = reader.GetDouble();
        if (double.IsNaN(value) || value is > long.MaxValue or < long.MinValue)
        {
            throw new JsonException("a time claim is out of range");
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
