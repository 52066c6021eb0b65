namespace Provisioner.Messages.Nodes;

/// <summary>A node as the console shows it.</summary>
public sealed record NodeView(
    string Identity,
    NodeStage Stage,
    int Attempt,
    int Tries,
    string? LastError,
    DateTimeOffset? StageSince,
    DateTimeOffset? AttemptStartedAt,
    DateTimeOffset? ProvisionedAt,
    string? CertificateSerial,
    string? JwtId,
    string HostedBy) : IProvisionerMessage;
