using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Provisioner.Messages;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>
/// Everything one machine's onboarding entity knows. Immutable; changed only by <see cref="Apply"/>. The facts of
/// the current attempt are the events that proved them; live, that is every step's event, and after a restart
/// the journaled ones (<see cref="Journaled"/>), which is why <see cref="History"/> lists only journaled events.
/// </summary>
public sealed record NodeState(
    string Identity,
    NodeStage Stage,
    int Attempt,
    int Tries,
    string? LastError,
    DateTimeOffset? StageSince,
    DateTimeOffset? AttemptStartedAt,
    DateTimeOffset? ProvisionedAt,
    NodeEvents.TokenChecked? Token,
    NodeEvents.KeyProven? Key,
    NodeEvents.Inventoried? Inventory,
    NodeEvents.CsrAccepted? Csr,
    NodeEvents.Signed? Signature,
    NodeEvents.JwtIssued? Jwt,
    ImmutableList<string> History) : IProvisionerMessage
{
    /// <summary>How many one-line event descriptions the state keeps for <c>node history</c>.</summary>
    public const int HistoryLimit = 100;

    /// <summary>What started the current attempt; kept in memory for its <see cref="NodeEvents.AttemptAccepted"/>.</summary>
    [JsonIgnore]
    public AttemptTrigger? Trigger { get; init; }

    /// <summary>The current attempt's failed tries so far, journaled with its outcome.</summary>
    [JsonIgnore]
    public ImmutableList<StepRetry> Retries { get; init; } = [];

    /// <summary>What the current attempt's upgrade step decided when it went on to configure; journaled with the outcome.</summary>
    [JsonIgnore]
    public UpgradeNote? Upgrade { get; init; }

    /// <summary>
    /// The trace of the current attempt, from the event that opened it: journaled with its acceptance, so an entity
    /// recovered on another member runs the rest of the attempt in the same trace. Null with tracing off.
    /// </summary>
    [JsonIgnore]
    public TraceContext? Trace { get; init; }

    /// <summary>
    /// The credentials the current attempt renews (journaled with its acceptance), kept through a failed attempt so the
    /// retry is a renewal too. Not in snapshots: a renewal retried right after a snapshot recovery goes unmarked.
    /// </summary>
    [JsonIgnore]
    public RenewalNote? Renews { get; init; }

    /// <summary>True when this state was rebuilt from the journal in the middle of an attempt (a member crashed or stopped).</summary>
    [JsonIgnore]
    public bool Resumed { get; init; }

    public static NodeState Empty(string identity) => new(
        identity, NodeStage.Unknown, 0, 0, null, null, null, null, null, null, null, null, null, null, []);

    /// <summary>
    /// The next step under our default profile. Snapshots store it (the golden files pin their bytes), so it stays;
    /// the entity runs <see cref="NodeDecisions.NextStep"/> with its member's features, never this.
    /// </summary>
    public ProvisioningStep? PendingStep => NodeDecisions.NextStep(this, ProvisioningFeatures.Ours);

    public NodeView ToView(string hostedBy) => new(
        Identity, Stage, Attempt, Tries, LastError, StageSince, AttemptStartedAt, ProvisionedAt,
        Signature?.CertificateSerial, Jwt?.Jti, hostedBy);

    /// <summary>
    /// The state after <paramref name="e"/>; pure, used both live and on recovery. <see cref="NodeEvents.AttemptAccepted"/>
    /// and <see cref="NodeEvents.CredentialsIssued"/> are only ever applied on recovery: live, the step events they
    /// summarise were applied already.
    /// </summary>
    public static NodeState Apply(NodeState state, INodeEvent e) => e switch
    {
        NodeEvents.AttemptStarted s => Empty(state.Identity) with
        {
            Stage = NodeStage.Started,
            Attempt = s.Attempt,
            AttemptStartedAt = s.At,
            ProvisionedAt = state.ProvisionedAt,
            History = state.History,
            Trigger = s.Trigger,
            Trace = s.Trace,
            Renews = RenewalOf(state),
        },
        NodeEvents.AttemptAccepted a => Empty(state.Identity) with
        {
            Stage = NodeStage.TokenChecked,
            Attempt = a.Attempt,
            StageSince = a.At,
            AttemptStartedAt = a.StartedAt,
            ProvisionedAt = state.ProvisionedAt,
            Token = new NodeEvents.TokenChecked(a.Identity, a.Attempt, a.At, a.EcdhPublic),
            History = state.History,
            Trigger = a.Trigger,
            Trace = a.Trace,
            Renews = a.Renews,
        },
        NodeEvents.CredentialsIssued c => Advance(state, c.ServerJwt is null ? NodeStage.Signed : NodeStage.JwtIssued, c) with
        {
            Signature = c.Certificate,
            Jwt = c.ServerJwt,
        },
        NodeEvents.TokenChecked t => Advance(state, NodeStage.TokenChecked, t) with { Token = t },
        NodeEvents.KeyProven k => Advance(state, NodeStage.KeyProven, k) with { Key = k },
        NodeEvents.Inventoried i => Advance(state, NodeStage.Inventoried, i) with { Inventory = i },
        NodeEvents.CsrAccepted c => Advance(state, NodeStage.CsrAccepted, c) with { Csr = c },
        NodeEvents.Signed s => Advance(state, NodeStage.Signed, s) with { Signature = s },
        NodeEvents.JwtIssued j => Advance(state, NodeStage.JwtIssued, j) with { Jwt = j },
        NodeEvents.UpgradeChecked u => state with { Upgrade = u.Note, Tries = 0, LastError = null },
        NodeEvents.Upgraded u => Advance(state, NodeStage.Upgraded, u),
        NodeEvents.Configured c => Advance(state, NodeStage.Configured, c),
        NodeEvents.Provisioned p => Advance(state, NodeStage.Provisioned, p) with { ProvisionedAt = p.At },
        NodeEvents.ShutdownRequested r => Advance(state, NodeStage.ShuttingDown, r) with { LastError = r.Reason },
        NodeEvents.ShutDown d => Advance(state, NodeStage.ShutDown, d) with { LastError = state.LastError },
        NodeEvents.StepRetried r => state with { Tries = r.Try, LastError = r.Error, Retries = state.Retries.Add(new StepRetry(r.At, r.Step, r.Try, r.Error)) },
        NodeEvents.AttemptFailed f => Advance(state, NodeStage.Failed, f) with { LastError = f.Reason },
        NodeEvents.AttemptDeferred d => Advance(state, NodeStage.Deferred, d) with { LastError = d.Reason },
        _ => throw new ArgumentException($"unknown node event {e.GetType().Name}", nameof(e)),
    };

    /// <summary>
    /// What an attempt starting after <paramref name="previous"/> renews: the credentials of a provisioned node (it came
    /// back to provisioning, as a renewal ahead of expiry does), else whatever the attempt before it was renewing.
    /// </summary>
    public static RenewalNote? RenewalOf(NodeState previous) =>
        previous.Stage == NodeStage.Provisioned && previous.Signature is { } signed
            ? new RenewalNote(previous.Attempt, signed.CertificateSerial, previous.Jwt?.Jti, previous.Jwt?.ExpiresAt)
            : previous.Renews;

    /// <summary>The state after a journaled event: applied, and remembered in <see cref="History"/>. Recovery folds with this.</summary>
    public static NodeState Journaled(NodeState state, INodeEvent e) => Remember(Apply(state, e), e);

    /// <summary><paramref name="state"/> with <paramref name="e"/>, just journaled, in its <see cref="History"/>.</summary>
    public static NodeState Remember(NodeState state, INodeEvent e)
    {
        var line = $"{e.At:yyyy-MM-ddTHH:mm:ss.fffZ} attempt {e.Attempt} {NodeEventDescriptions.Describe(e)}";
        var added = state.History.Add(line);
        return state with { History = added.Count > HistoryLimit ? added.RemoveRange(0, added.Count - HistoryLimit) : added };
    }

    /// <summary>The state a recovery ended with, marked <see cref="Resumed"/> when an attempt was running.</summary>
    public static NodeState Recovered(NodeState state) => state with { Resumed = state.Stage.IsRunning() };

    // An outcome journaled without its acceptance (a failure before the token verified) still names its attempt.
    private static NodeState Advance(NodeState state, NodeStage stage, INodeEvent e) => state with
    {
        Stage = stage,
        Tries = 0,
        LastError = null,
        StageSince = e.At,
        Attempt = e.Attempt,
        AttemptStartedAt = e.Attempt == state.Attempt ? state.AttemptStartedAt : null,
    };
}
