namespace Provisioner.Agent.Fleet;

/// <summary>
/// How one simulated node fared: its final state, its injected faults, how often it announced itself and was
/// called, the last action it answered, how long it took from first announcement to provisioned (back as a server,
/// its restart delay included), and when after its first announcement it last answered each <c>agent#action</c>.
/// </summary>
public sealed record FleetNodeResult(
    string Identity,
    FleetNodeState State,
    IReadOnlyList<FleetFault> Faults,
    int Announcements,
    int Requests,
    string? LastAction,
    TimeSpan? TimeToProvision,
    IReadOnlyDictionary<string, TimeSpan> LastAnswered)
{
    /// <summary>Whether the node spoke protocol v2 in provisioning mode.</summary>
    public bool SpeaksProtocolV2 { get; init; }
}
