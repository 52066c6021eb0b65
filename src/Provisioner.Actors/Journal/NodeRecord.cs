using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Journal;

/// <summary>
/// One node as its journal tells it: every attempt's outcome and everything issued to it (<see cref="NatsJwts"/>: the
/// fleet-account NATS user JWTs, when the member has a broker directory).
/// </summary>
public sealed record NodeRecord(
    string Identity,
    NodeStage FinalStage,
    int Attempts,
    IReadOnlyList<string> CertificateSerials,
    IReadOnlyList<string> JwtIds,
    string? LastFailure,
    DateTimeOffset? FirstAnnounced,
    DateTimeOffset? ProvisionedAt,
    TimeSpan? TimeToProvisioned,
    string? ProvisionedBy,
    int Events,
    IReadOnlyList<string> NatsJwts);
