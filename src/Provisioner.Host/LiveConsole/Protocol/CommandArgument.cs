using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// One argument of a console command: positional (<c>identity</c>) or an option with a value (<c>--limit</c>,
/// when <see cref="IsOption"/>). <see cref="Choices"/>, when set, lists the only accepted values (also used
/// for completion).
/// </summary>
public sealed record CommandArgument(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("required")] bool Required = false,
    [property: JsonPropertyName("option")] bool IsOption = false,
    [property: JsonPropertyName("choices")] IReadOnlyList<string>? Choices = null)
{
    /// <summary>A required positional argument.</summary>
    public static CommandArgument Positional(string name, string help) => new(name, help, Required: true);

    /// <summary>An optional positional argument.</summary>
    public static CommandArgument OptionalPositional(string name, string help) => new(name, help);

    /// <summary>An optional <c>--name value</c> option; <paramref name="name"/> includes the dashes.</summary>
    public static CommandArgument Option(string name, string help, IReadOnlyList<string>? choices = null) => new(name, help, IsOption: true, Choices: choices);

    /// <summary>How the argument appears in a usage line: <c>&lt;identity&gt;</c>, <c>[N]</c>, <c>[--limit N]</c>.</summary>
    public string Usage => IsOption
        ? $"[{Name} {Name.TrimStart('-').ToUpperInvariant()}]"
        : Required ? $"<{Name}>" : $"[{Name}]";
}
