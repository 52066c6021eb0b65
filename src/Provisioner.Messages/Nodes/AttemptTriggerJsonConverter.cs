using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>Writes an <see cref="AttemptTrigger"/> as its stored text.</summary>
public sealed class AttemptTriggerJsonConverter : JsonConverter<AttemptTrigger>
{
    public override AttemptTrigger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("an attempt trigger is a string");
        try
        {
            return AttemptTrigger.Parse(text);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, AttemptTrigger value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
