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
    /// <summary>The version the node reported last.</summary>
    public string Version { get; init; } = "";

    /// <summary>How many releases the node installed.</summary>
    public int Upgrades { get; init; }

    /// <summary>How often the node came back provisioned: once, plus once per renewal.</summary>
    public int Provisionings { get; init; }

    /// <summary>For each renewal, the share of its deciding credential's lifetime that had passed when the node went back to provisioning.</summary>
    public IReadOnlyList<double> RenewedAtShares { get; init; } = [];
    /// <summary>Whether the node spoke protocol v2 in provisioning mode.</summary>
    public bool SpeaksProtocolV2 { get; init; }
}
