using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>A command as <c>describe</c> tells it to clients, for help and completion.</summary>
public sealed record CommandDescription(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("arguments")] IReadOnlyList<CommandArgument> Arguments,
    [property: JsonPropertyName("changes")] bool ChangesState,
    [property: JsonPropertyName("streaming")] bool Streaming);
