namespace Provisioner.Messages.Nodes;

/// <summary>What the leader and the operator ask of one node's onboarding entity.</summary>
public static class NodeCommands
{
    /// <summary>The node announced itself (lifecycle event or discovery); start an attempt unless one runs.</summary>
    public sealed record StartAttempt(string Identity, string Trigger, DateTimeOffset AnnouncedAt) : IWithNodeIdentity;

    /// <summary>An operator asks for a new attempt now (console <c>node retry</c>).</summary>
    public sealed record Retry(string Identity, string RequestedBy) : IWithNodeIdentity;
}

/// <summary>Questions about one node; answered without changing anything.</summary>
public static class NodeQueries
{
    /// <summary>Answered with a <see cref="NodeView"/>.</summary>
    public sealed record GetState(string Identity) : IWithNodeIdentity;

    /// <summary>Answered with a <see cref="NodeHistory"/>: the node's events since its last snapshot, oldest first.</summary>
    public sealed record GetHistory(string Identity) : IWithNodeIdentity;
}

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
    string HostedBy);

/// <summary>The recent events of a node, oldest first.</summary>
public sealed record NodeHistory(string Identity, IReadOnlyList<string> Events);
