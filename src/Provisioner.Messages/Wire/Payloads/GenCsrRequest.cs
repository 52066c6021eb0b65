using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// Input of <c>choria_provision#gencsr</c>, keys in Go's sorted map order (upper case first).
/// The optional subject parts are left out when null; the node ignores <see cref="St"/>.
/// </summary>
public sealed record GenCsrRequest(
    [property: JsonPropertyName("C"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? C = null,
    [property: JsonPropertyName("L"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? L = null,
    [property: JsonPropertyName("O"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? O = null,
    [property: JsonPropertyName("OU"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ou = null,
    [property: JsonPropertyName("ST"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? St = null,
    [property: JsonPropertyName("cn"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cn = null,
    [property: JsonPropertyName("token")] string Token = "");
