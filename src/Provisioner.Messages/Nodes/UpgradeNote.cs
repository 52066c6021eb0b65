using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>
/// What the upgrade step decided, as journaled with the attempt's outcome. The JSON shape is pinned:
/// <c>{"outcome":"skipped"|"continued","from":…,"to":…,"message":…}</c>; readers ignore what they do not know.
/// </summary>
public sealed record UpgradeNote(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The node already runs the target version.</summary>
    public const string Skipped = "skipped";

    /// <summary>The upgrade failed or could not happen, and <c>upgrades_optional</c> let the attempt continue.</summary>
    public const string Continued = "continued";

    public override string ToString() => $"upgrade {Outcome} {From}->{To}: {Message}";
}
