using Prometheus;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// <c>release_update</c> calls (feature <c>upgrades</c>): each one attempted, and how it ended. Choria's provisioner has
/// no such counters; they are ours, beside its names.
/// </summary>
public static class UpgradeMetrics
{
    public static readonly Counter Attempted = Metrics.CreateCounter("choria_provisioner_upgrades_attempted", "release_update calls sent to nodes");
    public static readonly Counter Succeeded = Metrics.CreateCounter("choria_provisioner_upgrades_succeeded", "release_update calls the node answered OK: it restarts on the new version");
    public static readonly Counter Failed = Metrics.CreateCounter("choria_provisioner_upgrades_failed", "release_update calls that failed (rolled back, refused or unanswered)");
}
