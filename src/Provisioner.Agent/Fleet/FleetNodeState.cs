namespace Provisioner.Agent.Fleet;

/// <summary>Where a simulated node is on its way to being provisioned.</summary>
public enum FleetNodeState
{
    /// <summary>Not booted yet: it waits for a slot under the concurrency limit.</summary>
    Waiting,

    /// <summary>Announced in provisioning mode; no provisioner has called it yet.</summary>
    Announced,

    /// <summary>A provisioner is calling it.</summary>
    InProgress,

    /// <summary>Provisioned and running until its credentials are due for renewal.</summary>
    Running,

    /// <summary>Restarted and came back in provisioned mode (after its last renewal, when it renews).</summary>
    Provisioned,

    /// <summary>Shut down on the provisioner's request (the helper refused it).</summary>
    ShutDown,

    /// <summary>Not provisioned before the timeout.</summary>
    Failed,
}
