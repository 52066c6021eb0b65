using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>One autonomous agent in an inventory reply.</summary>
public sealed record InventoryMachine(
    [property: JsonPropertyName("name")] string Name = "",
    [property: JsonPropertyName("state")] string State = "",
    [property: JsonPropertyName("version")] string Version = "");
