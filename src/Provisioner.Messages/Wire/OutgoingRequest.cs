using System.Text.Json;

namespace Provisioner.Messages.Wire;

/// <summary>
/// Everything <see cref="ChoriaCodec.EncodeRequest"/> needs to build a request transport. Defaults follow
/// the provisioner's direct requests: collective <c>provisioning</c>, ttl 60, a filter on the target agent,
/// and reply-to built from the caller id and request id (<see cref="Subjects.Reply"/>).
/// </summary>
public sealed record OutgoingRequest
{
    /// <summary>The target agent, e.g. <c>choria_provision</c>.</summary>
    public required string Agent { get; init; }

    /// <summary>The action of the agent, e.g. <c>gen25519</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The input data object; absent means <c>{}</c>. Build it with <see cref="RpcData.From{T}"/>.</summary>
    public JsonElement Data { get; init; }

    /// <summary>The sender's identity, e.g. <c>prov.example.net</c>; also the <c>mc_sender</c> header.</summary>
    public required string SenderId { get; init; }

    /// <summary>The caller, <c>choria=&lt;certname&gt;</c>.</summary>
    public required string CallerId { get; init; }

    /// <summary>32 characters; see <see cref="RequestIds.New"/>.</summary>
    public required string RequestId { get; init; }

    public string Collective { get; init; } = Protocols.ProvisioningCollective;

    /// <summary>Seconds the request stays valid on either side of <see cref="Time"/>.</summary>
    public int Ttl { get; init; } = Protocols.DefaultTtlSeconds;

    /// <summary>When the request was made; absent means the codec's clock now.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The agents a node must have loaded to act; absent means just <see cref="Agent"/>.</summary>
    public IReadOnlyList<string>? FilterAgents { get; init; }

    /// <summary>Where replies go; absent means <see cref="Subjects.Reply"/> of the caller id and request id.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The NATS URL the sender is connected to, recorded as one <c>seen-by</c> hop; absent means no hop.</summary>
    public string? SeenByUrl { get; init; }
}
