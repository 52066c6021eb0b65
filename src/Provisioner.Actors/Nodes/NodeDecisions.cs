using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>
/// What an entity decided: the facts to apply (in order), the events to journal first (in order; what must
/// survive a crash, often none), and the reply, if the command wants one.
/// </summary>
public sealed record NodeDecision(IReadOnlyList<INodeEvent> Events, NodeReply? Reply, IReadOnlyList<INodeEvent> Journal)
{
    public static NodeDecision Ignore { get; } = new([], null, []);

    /// <summary>The attempt this decision starts, if it starts one.</summary>
    public NodeEvents.AttemptStarted? Opens => Events.OfType<NodeEvents.AttemptStarted>().FirstOrDefault();

    /// <summary>
    /// This decision with <paramref name="trace"/> on the events that open its attempt (the start, and the acceptance
    /// journaled with it when there is no token to check): the member that starts an attempt opens its trace.
    /// </summary>
    public NodeDecision InTrace(TraceContext trace) => this with
    {
        Events = Events.Select(e => Traced(e, trace)).ToList(),
        Journal = Journal.Select(e => Traced(e, trace)).ToList(),
    };

    private static INodeEvent Traced(INodeEvent e, TraceContext trace) => e switch
    {
        NodeEvents.AttemptStarted s => s with { Trace = trace },
        NodeEvents.AttemptAccepted a => a with { Trace = trace },
        _ => e,
    };
}

/// <summary>
/// The onboarding state machine: pure, so every transition is tested without Akka. The actor journals
/// <see cref="NodeDecision.Journal"/>, applies <see cref="NodeDecision.Events"/> with <see cref="NodeState.Apply"/>,
/// then replies and runs the next step. A successful attempt journals three events: accepted (after its token
/// verified), credentials issued (before configure) and provisioned; everything before signing is redone after a crash.
/// </summary>
public static class NodeDecisions
{
    /// <summary>How long after being provisioned announcements are ignored (Choria holds a finished node 60 s).</summary>
    public static readonly TimeSpan ProvisionedHold = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after an upgrade a discovery sighting may still be the old release: Choria's node answers for 2 s
    /// before it re-execs, and a slow exec takes longer. The new release's startup event is never held.
    /// </summary>
    public static readonly TimeSpan UpgradeRestartGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What <paramref name="state"/> does with <paramref name="command"/> at <paramref name="now"/>;
    /// <paramref name="member"/> is the member deciding, recorded when it ends an attempt as provisioned;
    /// <paramref name="features"/> decide which step a result must be for to count.
    /// </summary>
    public static NodeDecision Decide(NodeState state, object command, DateTimeOffset now, string member, ProvisioningFeatures features) => command switch
    {
        NodeCommands.StartAttempt start => Start(state, start.Trigger, now, start.AnnouncedAt, fromOperator: false, features),
        NodeCommands.Retry retry => Start(state, AttemptTrigger.Operator(retry.RequestedBy), now, announcedAt: null, fromOperator: true, features),
        StepSucceeded done => Succeeded(state, done, features),
        StepFailed failed => Failed(state, failed, now, member, features),
        _ => throw new ArgumentException($"not a node command: {command.GetType().Name}", nameof(command)),
    };

    /// <summary>
    /// The step <paramref name="state"/> runs next with <paramref name="features"/> on, or null when no attempt runs.
    /// Choria's order: jwt (feature jwt), gen25519 (ed25519), inventory, gencsr (pki), the helper or our CA, the
    /// server JWT (ed25519), configure, restart; a helper's shutdown request runs shutdown instead. The next step is
    /// read from what the attempt proved so far, so an attempt resumed after the features changed carries on from there.
    /// </summary>
    public static ProvisioningStep? NextStep(NodeState state, ProvisioningFeatures features) => state.Stage switch
    {
        NodeStage.Started when features.Jwt => ProvisioningStep.Jwt,
        NodeStage.Started or NodeStage.TokenChecked when features.Ed25519 => ProvisioningStep.Gen25519,
        NodeStage.Started or NodeStage.TokenChecked or NodeStage.KeyProven => ProvisioningStep.Inventory,
        NodeStage.Inventoried when features.Pki => ProvisioningStep.Gencsr,
        NodeStage.Inventoried or NodeStage.CsrAccepted => ProvisioningStep.Sign,
        NodeStage.Signed when features.Ed25519 => ProvisioningStep.IssueServerJwt,
        NodeStage.Signed or NodeStage.JwtIssued when features.Upgrades && state.Upgrade is null && !string.IsNullOrEmpty(state.Signature?.UpgradeTo) => ProvisioningStep.Upgrade,
        NodeStage.Signed or NodeStage.JwtIssued => ProvisioningStep.Configure,
        NodeStage.Configured => ProvisioningStep.Restart,
        NodeStage.ShuttingDown => ProvisioningStep.Shutdown,
        _ => null,
    };

    /// <summary>
    /// What an entity whose recovery just ended does first. An attempt recovered before anything was issued (its
    /// member crashed) runs again as a new attempt, as redoing the cheap steps with a fresh number never issues an
    /// attempt two certificates; one recovered after its credentials were issued resumes at configure, so nothing
    /// is signed again.
    /// </summary>
    public static NodeDecision Resume(NodeState state, DateTimeOffset now, ProvisioningFeatures features) =>
        state.Stage.IsRunning() && NextStep(state, features) is ProvisioningStep.Jwt or ProvisioningStep.Gen25519 or ProvisioningStep.Inventory or ProvisioningStep.Gencsr or ProvisioningStep.Sign
            ? Started(state, AttemptTrigger.Resumed, now, features, reply: null)
            : NodeDecision.Ignore;

    private static NodeDecision Start(NodeState state, AttemptTrigger trigger, DateTimeOffset now, DateTimeOffset? announcedAt, bool fromOperator, ProvisioningFeatures features)
    {
        if (state.Stage.IsRunning())
        {
            return fromOperator
                ? new([], NodeReply.Rejected(state.Identity, state.Stage, $"attempt {state.Attempt} is still running at {state.Stage}"), [])
                : new([], NodeReply.NoOp(state.Identity, state.Stage, $"attempt {state.Attempt} already running"), []);
        }
        if (!fromOperator && (HeldAfterProvisioning(state, now, announcedAt) ?? HeldAfterUpgrade(state, trigger, announcedAt)) is { } reason)
        {
            return new([], NodeReply.NoOp(state.Identity, state.Stage, reason), []);
        }
        return Started(state, trigger, now, features, NodeReply.Ok(state.Identity, NodeStage.Started));
    }

    // A start is journaled only once the node proved its token; without the jwt feature there is nothing to prove.
    private static NodeDecision Started(NodeState state, AttemptTrigger trigger, DateTimeOffset now, ProvisioningFeatures features, NodeReply? reply)
    {
        // An attempt redone after a crash stays in the trace of the one it redoes; any other opens its own.
        var started = new NodeEvents.AttemptStarted(state.Identity, state.Attempt + 1, now, trigger) { Trace = trigger.Kind == AttemptTriggerKind.Resumed ? state.Trace : null };
        IReadOnlyList<INodeEvent> journal = features.Jwt ? [] : [new NodeEvents.AttemptAccepted(state.Identity, started.Attempt, now, now, trigger, "") { Trace = started.Trace, Renews = NodeState.RenewalOf(state) }];
        return new([started], reply, journal);
    }

    /// <summary>
    /// The events that record <paramref name="e"/>, applied to <paramref name="state"/>, in the journal: the
    /// acceptance when the token verified, everything issued once configure is next, and the outcome.
    /// </summary>
    private static IReadOnlyList<INodeEvent> JournalOf(NodeState state, INodeEvent e, ProvisioningFeatures features)
    {
        var next = NodeState.Apply(state, e);
        return e switch
        {
            NodeEvents.TokenChecked t => [new NodeEvents.AttemptAccepted(t.Identity, t.Attempt, t.At, state.AttemptStartedAt ?? t.At, state.Trigger ?? AttemptTrigger.Resumed, t.EcdhPublic) { Trace = state.Trace, Renews = state.Renews }],
            NodeEvents.Signed or NodeEvents.JwtIssued when NextStep(next, features) is ProvisioningStep.Configure or ProvisioningStep.Upgrade && next.Signature is { } signed =>
                [new NodeEvents.CredentialsIssued(e.Identity, e.Attempt, e.At, signed, next.Jwt)],
            NodeEvents.Provisioned p when state.Upgrade is { } note => [p with { Upgrade = note }],
            NodeEvents.Provisioned or NodeEvents.ShutDown or NodeEvents.AttemptFailed or NodeEvents.AttemptDeferred or NodeEvents.Upgraded => [e],
            _ => [],
        };
    }

    /// <summary>
    /// Why an announcement of a node that just took <c>release_update</c> starts nothing, or null when it may. Until it
    /// re-execs, the old release still answers: an attempt started on a sighting from before the upgrade, or on a sweep
    /// it answered before restarting, reads the old version from its inventory and upgrades it a second time.
    /// </summary>
    private static string? HeldAfterUpgrade(NodeState state, AttemptTrigger trigger, DateTimeOffset? announcedAt)
    {
        if (state.Stage != NodeStage.Upgraded || state.StageSince is not { } upgradedAt || announcedAt is not { } seen)
        {
            return null;
        }
        if (seen < upgradedAt)
        {
            return "seen before its upgrade; ignored";
        }
        return trigger.Kind == AttemptTriggerKind.Discovery && seen < upgradedAt + UpgradeRestartGrace
            ? "upgraded moments ago and restarting into the new release; sighting ignored"
            : null;
    }

    /// <summary>
    /// Why an announcement of a provisioned node starts nothing, or null when it may. The node answers sweeps
    /// until its restart splay ends, so within the hold it is still finishing; and a sighting from before the
    /// hold ended, handled late after a long queue, says nothing new and would start an attempt the restarted
    /// node can no longer answer.
    /// </summary>
    private static string? HeldAfterProvisioning(NodeState state, DateTimeOffset now, DateTimeOffset? announcedAt)
    {
        if (state.Stage != NodeStage.Provisioned || state.ProvisionedAt is not { } at)
        {
            return null;
        }
        if (now - at < ProvisionedHold)
        {
            return "provisioned moments ago; announcement ignored";
        }
        return announcedAt < at + ProvisionedHold
            ? "seen in provisioning mode before it was provisioned or while it restarted; ignored"
            : null;
    }

    private static NodeDecision Succeeded(NodeState state, StepSucceeded done, ProvisioningFeatures features)
    {
        if (!IsCurrent(state, done, features))
        {
            return NodeDecision.Ignore;
        }
        if (done.Event.Attempt != state.Attempt || done.Event.Identity != state.Identity)
        {
            throw new ArgumentException($"step {done.Step} produced an event for another attempt or node", nameof(done));
        }
        return new([done.Event], null, JournalOf(state, done.Event, features));
    }

    private static NodeDecision Failed(NodeState state, StepFailed failed, DateTimeOffset now, string member, ProvisioningFeatures features)
    {
        if (!IsCurrent(state, failed, features))
        {
            return NodeDecision.Ignore;
        }
        var triesLeft = state.Tries + 1 < RetryPolicy.MaxTries(failed.Step);
        var retries = state.Retries.IsEmpty ? null : state.Retries;
        INodeEvent e = failed.Kind switch
        {
            // The node wrote its configuration (provisioning off) before the restart step. If it no longer answers
            // in provisioning mode at all, it restarted already: after a member crash between its reply and our
            // journal, asking again cannot succeed. Once the tries are spent it counts as provisioned, unconfirmed.
            // An attempt resumed at configure after a crash is in the same place: configure and restart may both
            // have reached the node before the crash, and only the outcome is journaled.
            StepFailureKind.Unanswered when (failed.Step == ProvisioningStep.Restart || (failed.Step == ProvisioningStep.Configure && state.Resumed)) && !triesLeft =>
                new NodeEvents.Provisioned(state.Identity, state.Attempt, now, member, RestartConfirmed: false),
            StepFailureKind.Deferred => new NodeEvents.AttemptDeferred(state.Identity, state.Attempt, now, failed.Reason, retries),
            StepFailureKind.ShutdownRequested => new NodeEvents.ShutdownRequested(state.Identity, state.Attempt, now, failed.Reason),
            StepFailureKind.Retryable or StepFailureKind.Unanswered when triesLeft =>
                new NodeEvents.StepRetried(state.Identity, state.Attempt, now, failed.Step, state.Tries + 1, failed.Reason),
            _ => new NodeEvents.AttemptFailed(state.Identity, state.Attempt, now, failed.Step, failed.Reason, retries),
        };
        return new([e], null, JournalOf(state, e, features));
    }

    /// <summary>A result counts only for the step the current attempt is waiting on; late ones are dropped.</summary>
    private static bool IsCurrent(NodeState state, StepOutcome outcome, ProvisioningFeatures features) =>
        outcome.Attempt == state.Attempt && NextStep(state, features) == outcome.Step;
}
