using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>A palette (a group of commands sharing a first word) as <c>describe</c> tells it to clients.</summary>
public sealed record PaletteDescription(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("commands")] IReadOnlyList<CommandDescription> Commands);
