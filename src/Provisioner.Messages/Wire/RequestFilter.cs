using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>The node filter of a <c>choria:request:1</c> envelope, keys in Go's order; empty lists are sent as <c>[]</c>.</summary>
public sealed record RequestFilter(
    [property: JsonPropertyName("fact")] IReadOnlyList<FactFilter> Fact,
    [property: JsonPropertyName("cf_class")] IReadOnlyList<string> CfClass,
    [property: JsonPropertyName("agent")] IReadOnlyList<string> Agent,
    [property: JsonPropertyName("identity")] IReadOnlyList<string> Identity,
    [property: JsonPropertyName("compound")] IReadOnlyList<JsonElement> Compound)
{
    /// <summary>The empty filter plus the given agents, which is what the provisioner sends.</summary>
    public static RequestFilter ForAgents(params IReadOnlyList<string> agents) => new([], [], agents, [], []);
}
