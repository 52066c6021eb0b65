using System.Text.Json.Serialization;

namespace Provisioner.Security.Broker;

/// <summary>The claims of a self-signed NATS operator JWT.</summary>
public sealed record NatsOperatorClaims(
    [property: JsonPropertyName("jti")] string Id,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("nats")] NatsOperator Nats);

/// <summary>The <c>nats</c> section of an operator JWT.</summary>
public sealed record NatsOperator(
    [property: JsonPropertyName("system_account")] string SystemAccount)
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "operator";

    [JsonPropertyName("version")]
    public int Version { get; init; } = 2;
}
