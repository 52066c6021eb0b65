using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// Input of <c>choria_provision#configure</c>: the ten Choria keys, always sent, in Go's sorted order,
/// plus our optional <see cref="NatsJwt"/>, left out when null so a plain Choria request stays byte-identical.
/// <see cref="Config"/> is the helper's string map as JSON text; <see cref="Key"/> is the encrypted PEM key;
/// policy maps go from file name to file text and are written with sorted keys.
/// The explicit orders keep Go's sorted key order although the policy maps are declared in the body.
/// </summary>
public sealed record ConfigureRequest(
    IReadOnlyDictionary<string, string> ActionPolicies = null!,
    [property: JsonPropertyName("ca"), JsonPropertyOrder(2)] string Ca = "",
    [property: JsonPropertyName("certificate"), JsonPropertyOrder(3)] string Certificate = "",
    [property: JsonPropertyName("config"), JsonPropertyOrder(4)] string Config = "",
    [property: JsonPropertyName("ecdh_public"), JsonPropertyOrder(5)] string EcdhPublic = "",
    [property: JsonPropertyName("key"), JsonPropertyOrder(6)] string Key = "",
    IReadOnlyDictionary<string, string> OpaPolicies = null!,
    [property: JsonPropertyName("server_jwt"), JsonPropertyOrder(9)] string ServerJwt = "",
    [property: JsonPropertyName("ssldir"), JsonPropertyOrder(10)] string SslDir = "",
    [property: JsonPropertyName("token"), JsonPropertyOrder(11)] string Token = "",
    [property: JsonPropertyName("nats_jwt"), JsonPropertyOrder(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NatsJwt = null)
{
    /// <summary>The longest <see cref="NatsJwt"/> a node accepts.</summary>
    public const int MaxNatsJwtLength = 4096;

    private static readonly IReadOnlyDictionary<string, string> NoPolicies = new Dictionary<string, string>();

    /// <summary>Action policy files by name (each ending in <c>.policy</c>); never null, empty when absent.</summary>
    [JsonPropertyName("action_policies")]
    [JsonPropertyOrder(1)]
    [JsonConverter(typeof(StringMapJsonConverter))]
    public IReadOnlyDictionary<string, string> ActionPolicies { get; init; } = ActionPolicies ?? NoPolicies;

    /// <summary>OPA policy files by name (each ending in <c>.rego</c>); never null, empty when absent.</summary>
    [JsonPropertyName("opa_policies")]
    [JsonPropertyOrder(8)]
    [JsonConverter(typeof(StringMapJsonConverter))]
    public IReadOnlyDictionary<string, string> OpaPolicies { get; init; } = OpaPolicies ?? NoPolicies;
}
