using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire;

/// <summary>One fact comparison of a request filter, e.g. <c>{"fact":"country","operator":"==","value":"nl"}</c>.</summary>
public sealed record FactFilter(
    [property: JsonPropertyName("fact")] string Fact,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("value")] string Value);
