using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The innermost request layer: which agent action to run, with its input data object.</summary>
public sealed record RpcRequestBody(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("data")] JsonElement Data);
