namespace Provisioner.Actors.Nodes;

/// <summary>Tunables of the onboarding entity, and the features that decide which steps it runs.</summary>
public sealed record NodeOnboardingSettings(
    TimeSpan StepTimeout,
    TimeSpan PassivateAfterEnd)
{
    /// <summary>Which steps attempts run (<see cref="NodeDecisions.NextStep"/>); our profile unless configured.</summary>
    public ProvisioningFeatures Features { get; init; } = ProvisioningFeatures.Ours;

    /// <summary>
    /// A step waits at most 30 s: Choria's agent timeout (20 s) plus discovery (2 s) and room for signing.
    /// Ended entities stay 10 s: the 60 s hold in which repeated announcements are ignored is recovered from the
    /// journal, so keeping them longer only spares a replay at the cost of a heap that grows with the rate.
    /// </summary>
    public static NodeOnboardingSettings Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));
}
