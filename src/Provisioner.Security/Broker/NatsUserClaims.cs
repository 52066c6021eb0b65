using System.Text.Json.Serialization;

namespace Provisioner.Security.Broker;

/// <summary>The claims of a NATS user JWT, in the shape nats-server 2.9.10 accepts (JWT v2).</summary>
public sealed record NatsUserClaims(
    [property: JsonPropertyName("jti")] string Id,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long? Expires,
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("nats")] NatsUser Nats);

/// <summary>
/// The <c>nats</c> section of a user JWT. The limits must be explicit (-1): without them the server
/// allows no subscriptions at all.
/// </summary>
public sealed record NatsUser(
    [property: JsonPropertyName("pub")] NatsSubjectPermission? Publish,
    [property: JsonPropertyName("sub")] NatsSubjectPermission? Subscribe,
    [property: JsonPropertyName("src")] IReadOnlyList<string>? SourceNetworks,
    [property: JsonPropertyName("bearer_token")] bool? BearerToken,
    [property: JsonPropertyName("issuer_account")] string? IssuerAccount)
{
    [JsonPropertyName("subs")]
    public long Subscriptions { get; init; } = -1;

    [JsonPropertyName("data")]
    public long Data { get; init; } = -1;

    [JsonPropertyName("payload")]
    public long Payload { get; init; } = -1;

    [JsonPropertyName("type")]
    public string Type { get; init; } = "user";

    [JsonPropertyName("version")]
    public int Version { get; init; } = 2;
}
