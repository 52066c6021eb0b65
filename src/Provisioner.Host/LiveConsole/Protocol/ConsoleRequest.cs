using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// One line a console client sends: a command to run (<c>command</c>, its words), or the cancellation of a
/// running request (<c>cancel</c>, that request's id). <c>auth</c> signs a command that changes the cluster.
/// </summary>
public sealed record ConsoleRequest(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("command")] IReadOnlyList<string>? Command = null,
    [property: JsonPropertyName("auth")] RequestSignature? Auth = null,
    [property: JsonPropertyName("cancel")] string? Cancel = null)
{
    /// <summary>The one-word command that asks for the palettes themselves (help and completion).</summary>
    public const string DescribeCommand = "describe";
}
