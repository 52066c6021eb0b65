using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Audit;

/// <summary>One node as its journal tells it: every attempt's outcome and everything issued to it.</summary>
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
    int Events);
