namespace Provisioner.Agent.Fleet;

/// <summary>
/// How one simulated node fared: its final state, its injected faults, how often it announced itself and was
/// called, the last action it answered, and how long it took from first announcement to provisioned.
/// </summary>
public sealed record FleetNodeResult(
    string Identity,
    FleetNodeState State,
    IReadOnlyList<FleetFault> Faults,
    int Announcements,
    int Requests,
    string? LastAction,
    TimeSpan? TimeToProvision);
