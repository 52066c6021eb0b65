using Prometheus;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// The Prometheus metrics of spec §8 (prefix <c>choria_provisioner_</c>; the host adds the <c>site</c> label
/// as a static label), plus the time from announcement to provisioned. Each member exports its own share.
/// </summary>
public static class ProvisionerMetrics
{
    private const string Prefix = "choria_provisioner_";

    private static readonly Summary RpcTime = Metrics.CreateSummary(Prefix + "rpc_time", "Time taken by each provisioning step", new SummaryConfiguration
    {
        LabelNames = ["rpc"],
        Objectives = [new QuantileEpsilonPair(0.5, 0.05), new QuantileEpsilonPair(0.9, 0.01), new QuantileEpsilonPair(0.99, 0.001)],
    });

    private static readonly Counter RpcErrors = Metrics.CreateCounter(Prefix + "rpc_errors", "RPC steps that failed after their last try, ending the attempt", "rpc");
    private static readonly Counter RpcFailedTries = Metrics.CreateCounter(Prefix + "rpc_failed_tries", "Failed tries of a provisioning step, retried or not", "rpc");
    private static readonly Counter ProvisionErrors = Metrics.CreateCounter(Prefix + "provision_errors", "Attempts that ended in failure or deferral");
    private static readonly Counter ProvisionedTotal = Metrics.CreateCounter(Prefix + "provisioned", "Nodes provisioned or shut down on request");
    private static readonly Gauge BusyWorkers = Metrics.CreateGauge(Prefix + "busy_workers", "Attempts running on this member");

    private static readonly Histogram TimeToProvisioned = Metrics.CreateHistogram(
        Prefix + "time_to_provisioned_seconds",
        "Time from an attempt's start to the node being provisioned",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 12) });

    public static readonly Counter HelperErrors = Metrics.CreateCounter(Prefix + "helper_errors", "Helper runs that failed");
    public static readonly Counter HelperShutdownRequests = Metrics.CreateCounter(Prefix + "helper_shutdown_requests", "Nodes shut down at the helper's request");
    public static readonly Summary HelperTime = Metrics.CreateSummary(Prefix + "helper_time", "Time taken by helper runs");
    public static readonly Counter Discovered = Metrics.CreateCounter(Prefix + "discovered", "Nodes a discovery sweep added to the work queue");
    public static readonly Counter EventDiscovered = Metrics.CreateCounter(Prefix + "event_discovered", "Nodes a lifecycle startup event added to the work queue");
    public static readonly Counter DiscoverCycles = Metrics.CreateCounter(Prefix + "discover_cycles", "Discovery sweeps run");
    public static readonly Counter StaleSkipped = Metrics.CreateCounter(Prefix + "stale_skipped", "Queued nodes skipped because no event or sweep saw them within two discovery intervals");
    public static readonly Counter DiscoveryErrors = Metrics.CreateCounter(Prefix + "discovery_errors", "Discovery sweeps that failed");
    public static readonly Gauge WorkQueueEntries = Metrics.CreateGauge(Prefix + "work_queue_entries", "Nodes queued by the leader, not yet started");
    public static readonly Gauge WaitingNodes = Metrics.CreateGauge(Prefix + "waiting_nodes", "Nodes tracked by the leader (queued or in flight)");
    public static readonly Gauge Paused = Metrics.CreateGauge(Prefix + "paused", "1 while the leader is paused");
    public static readonly Counter InvalidIdentities = Metrics.CreateCounter(
        Prefix + "invalid_identities", "Identities dropped because they break the identity rule, by where they came from (lifecycle, discovery)", "source");
    public static readonly Counter WorkQueueOverflow = Metrics.CreateCounter(Prefix + "work_queue_overflow", "Announced nodes dropped because the leader's queue was full");
    public static readonly Counter BackedOff = Metrics.CreateCounter(Prefix + "backed_off", "Announcements ignored because the node's admission or attempts keep failing");
    public static readonly Counter Admissions = Metrics.CreateCounter(
        Prefix + "admissions", "Admission checks of the node's provisioning token, by result (admitted, refused, unanswered)", "result");
    public static readonly Gauge Admitting = Metrics.CreateGauge(Prefix + "admitting", "Admission checks running on the leader");

    private static readonly Gauge BuildInfoGauge = Metrics.CreateGauge(
        Prefix + "build_info", "Always 1; its labels name the version and commit this member runs", "version", "commit");

    /// <summary>Sets <c>choria_provisioner_build_info{version,commit}</c> to 1 for <paramref name="build"/>.</summary>
    public static void PublishBuildInfo(BuildInfo build) => BuildInfoGauge.WithLabels(build.Version, build.Commit).Set(1);

    /// <summary>
    /// The rpc label of a step: Choria's action name (<c>jwt</c>, <c>gen25519</c>, <c>inventory</c>, <c>gencsr</c>,
    /// <c>configure</c>, <c>restart</c>, <c>shutdown</c>), so a Choria dashboard reads the same series. Our own steps that
    /// are no RPC are <c>sign</c> (the helper or our CA) and <c>server_jwt</c>.
    /// </summary>
    public static string RpcLabel(ProvisioningStep step) => step switch
    {
        ProvisioningStep.Sign => "sign",
        ProvisioningStep.IssueServerJwt => "server_jwt",
        _ => step.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether the step asks the node over the wire; Choria counts <c>rpc_errors</c> only for those.</summary>
    public static bool IsRpc(ProvisioningStep step) => step is not (ProvisioningStep.Sign or ProvisioningStep.IssueServerJwt);

    /// <summary>
    /// The <c>rpc_errors</c> label an attempt's end counts under, or null: as Choria, once for an RPC step that failed
    /// after its last try and so failed the attempt, not for each try.
    /// </summary>
    public static string? RpcErrorLabel(INodeEvent last) =>
        last is NodeEvents.AttemptFailed { Step: var step } && IsRpc(step) ? RpcLabel(step) : null;

    /// <summary><c>rpc_errors</c> so far for <paramref name="step"/>.</summary>
    public static double RpcErrorCount(ProvisioningStep step) => RpcErrors.WithLabels(RpcLabel(step)).Value;

    public static void ObserveStep(ProvisioningStep step, TimeSpan elapsed) => RpcTime.WithLabels(RpcLabel(step)).Observe(elapsed.TotalSeconds);

    public static void RecordFailedTry(ProvisioningStep step) => RpcFailedTries.WithLabels(RpcLabel(step)).Inc();

    public static void AttemptStarted() => BusyWorkers.Inc();

    /// <summary>An attempt left this member with its shard: it no longer runs here.</summary>
    public static void AttemptHandedOff() => BusyWorkers.Dec();

    public static void AttemptEnded(NodeState state, INodeEvent last)
    {
        BusyWorkers.Dec();
        if (RpcErrorLabel(last) is { } rpc)
        {
            RpcErrors.WithLabels(rpc).Inc();
        }
        switch (state.Stage)
        {
            case NodeStage.Provisioned:
                ProvisionedTotal.Inc();
                if (state.AttemptStartedAt is { } started) TimeToProvisioned.Observe((last.At - started).TotalSeconds);
                break;
            case NodeStage.ShutDown:
                // Choria counts a shutdown the node accepted both as provisioned and as a helper shutdown request.
                ProvisionedTotal.Inc();
                HelperShutdownRequests.Inc();
                break;
            default:
                ProvisionErrors.Inc();
                break;
        }
    }
}
