using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// Output of <c>rpcutil#inventory</c>, keys in the order Go emits them. <see cref="Facts"/> is any JSON
/// object (use <see cref="RpcData.EmptyObject"/> for none); <see cref="Machines"/> is an array, not the DDL's hash.
/// </summary>
public sealed record InventoryReply(
    [property: JsonPropertyName("agents")] IReadOnlyList<string> Agents,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("collectives")] IReadOnlyList<string> Collectives,
    [property: JsonPropertyName("data_plugins")] IReadOnlyList<string> DataPlugins,
    [property: JsonPropertyName("facts")] JsonElement Facts,
    [property: JsonPropertyName("machines")] IReadOnlyList<InventoryMachine> Machines,
    [property: JsonPropertyName("main_collective")] string MainCollective,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("upgradable")] bool Upgradable);
