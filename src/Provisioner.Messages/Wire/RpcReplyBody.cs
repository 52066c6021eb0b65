using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The innermost reply layer: the action's outcome and its output data object.</summary>
public sealed record RpcReplyBody(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("statuscode")] StatusCode StatusCode,
    [property: JsonPropertyName("statusmsg")] string StatusMessage,
    [property: JsonPropertyName("data")] JsonElement Data)
{
    /// <summary>A successful reply with status OK.</summary>
    public static RpcReplyBody Ok(string action, JsonElement data) => new(action, StatusCode.Ok, "OK", data);

    /// <summary>A failed reply; its data stays the empty object, as Go leaves it when an action aborts.</summary>
    public static RpcReplyBody Failed(string action, StatusCode code, string message) =>
        new(action, code, message, RpcData.EmptyObject);
}
