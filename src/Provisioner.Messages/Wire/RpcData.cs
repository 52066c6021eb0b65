using System.Text.Json;
using Provisioner.Messages.Wire.Payloads;

namespace Provisioner.Messages.Wire;

/// <summary>Converts between the RPC <c>data</c> object and the typed action payloads in <see cref="Payloads"/>.</summary>
public static class RpcData
{
    /// <summary>The empty object <c>{}</c>: the data of an action without inputs, or of a failed reply.</summary>
    public static JsonElement EmptyObject { get; } = Parse("{}");

    /// <summary>A typed payload (e.g. <see cref="Gen25519Request"/>) as a data object.</summary>
    public static JsonElement From<T>(T payload) => JsonSerializer.SerializeToElement(payload, ChoriaJson.TypeInfo<T>());

    /// <summary>Reads the data object of <paramref name="action"/> as a typed payload; a mismatch throws a <see cref="ChoriaProtocolException"/>.</summary>
    public static T Read<T>(JsonElement data, string action)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new ChoriaProtocolException($"data of {action} must be a JSON object, not {data.ValueKind}");
        }
        return ChoriaJson.Deserialize<T>(data, $"data of {action}");
    }

    /// <summary>Parses JSON object text (e.g. a CLI argument) into a data object, with a clear error otherwise.</summary>
    public static JsonElement Parse(string json)
    {
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(json);
            element = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ChoriaProtocolException($"data is not valid JSON: {e.Message}", e);
        }
        return element.ValueKind == JsonValueKind.Object
            ? element
            : throw new ChoriaProtocolException($"data must be a JSON object, not {element.ValueKind}");
    }

    /// <summary>The given data, or <c>{}</c> when it is absent (Go turns a missing <c>data</c> into <c>{}</c>).</summary>
    public static JsonElement OrEmpty(JsonElement data) =>
        data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? EmptyObject : data;
}
