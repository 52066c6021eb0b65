using System.Text.Json.Serialization;

namespace Provisioner.Security.Broker;

/// <summary>The claims of a NATS account JWT, signed by the operator.</summary>
public sealed record NatsAccountClaims(
    [property: JsonPropertyName("jti")] string Id,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("nats")] NatsAccount Nats);

/// <summary>The <c>nats</c> section of an account JWT.</summary>
public sealed record NatsAccount(
    [property: JsonPropertyName("limits")] NatsAccountLimits Limits,
    [property: JsonPropertyName("signing_keys")] IReadOnlyList<string>? SigningKeys,
    [property: JsonPropertyName("exports")] IReadOnlyList<NatsExport>? Exports,
    [property: JsonPropertyName("imports")] IReadOnlyList<NatsImport>? Imports)
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "account";

    [JsonPropertyName("version")]
    public int Version { get; init; } = 2;
}

/// <summary>
/// Account limits. nats-server 2.9.10 reads missing limits as zero and then refuses every login
/// (<c>more imports than allowed</c>), so every limit is written; -1 means unlimited. JetStream is
/// enabled for the account when its storage limits are not zero.
/// </summary>
public sealed record NatsAccountLimits(
    [property: JsonPropertyName("mem_storage")] long MemoryStorage,
    [property: JsonPropertyName("disk_storage")] long DiskStorage,
    [property: JsonPropertyName("streams")] long Streams,
    [property: JsonPropertyName("consumer")] long Consumers)
{
    [JsonPropertyName("subs")]
    public long Subscriptions { get; init; } = -1;

    [JsonPropertyName("data")]
    public long Data { get; init; } = -1;

    [JsonPropertyName("payload")]
    public long Payload { get; init; } = -1;

    [JsonPropertyName("imports")]
    public long Imports { get; init; } = -1;

    [JsonPropertyName("exports")]
    public long Exports { get; init; } = -1;

    [JsonPropertyName("wildcards")]
    public bool Wildcards { get; init; } = true;

    [JsonPropertyName("conn")]
    public long Connections { get; init; } = -1;

    [JsonPropertyName("leaf")]
    public long LeafNodes { get; init; } = -1;

    /// <summary>Unlimited core NATS, no JetStream.</summary>
    public static NatsAccountLimits WithoutJetStream => new(0, 0, 0, 0);

    /// <summary>Unlimited core NATS and unlimited JetStream.</summary>
    public static NatsAccountLimits WithJetStream => new(-1, -1, -1, -1);
}

/// <summary>A subject an account shares with other accounts.</summary>
public sealed record NatsExport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("type")] string Type);

/// <summary>A subject an account takes from another account's export.</summary>
public sealed record NatsImport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("type")] string Type);
