using System.Text.Json.Serialization;

namespace Provisioner.Messages.Wire.Payloads;

/// <summary>
/// Input of <c>choria_provision#configure</c>: all ten keys, always sent, in Go's sorted order.
/// <see cref="Config"/> is the helper's string map as JSON text; <see cref="Key"/> is the encrypted PEM key;
/// policy maps go from file name to file text and are written with sorted keys.
/// </summary>
public sealed record ConfigureRequest(
    [property: JsonPropertyName("action_policies"), JsonConverter(typeof(SortedStringMapConverter))] IReadOnlyDictionary<string, string>? ActionPolicies = null,
    [property: JsonPropertyName("ca")] string Ca = "",
    [property: JsonPropertyName("certificate")] string Certificate = "",
    [property: JsonPropertyName("config")] string Config = "",
    [property: JsonPropertyName("ecdh_public")] string EcdhPublic = "",
    [property: JsonPropertyName("key")] string Key = "",
    [property: JsonPropertyName("opa_policies"), JsonConverter(typeof(SortedStringMapConverter))] IReadOnlyDictionary<string, string>? OpaPolicies = null,
    [property: JsonPropertyName("server_jwt")] string ServerJwt = "",
    [property: JsonPropertyName("ssldir")] string SslDir = "",
    [property: JsonPropertyName("token")] string Token = "");
