using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>What an entity decided: the events to persist (in order) and the reply, if the command wants one.</summary>
public sealed record NodeDecision(IReadOnlyList<INodeEvent> Events, NodeReply? Reply)
{
    public static NodeDecision Ignore { get; } = new([], null);
}

/// <summary>
/// The onboarding state machine: pure, so every transition is tested without Akka. The actor persists the
/// events, applies them with <see cref="NodeState.Apply"/>, then replies and runs the next step.
/// </summary>
public static class NodeDecisions
{
    /// <summary>How long after being provisioned announcements are ignored (Choria holds a finished node 60 s).</summary>
    public static readonly TimeSpan ProvisionedHold = TimeSpan.FromSeconds(60);

    /// <summary>
    /// What <paramref name="state"/> does with <paramref name="command"/> at <paramref name="now"/>;
    /// <paramref name="member"/> is the member deciding, recorded when it ends an attempt as provisioned;
    /// <paramref name="features"/> decide which step a result must be for to count.
    /// </summary>
    public static NodeDecision Decide(NodeState state, object command, DateTimeOffset now, string member, ProvisioningFeatures features) => command switch
    {
        NodeCommands.StartAttempt start => Start(state, start.Trigger, now, start.AnnouncedAt, fromOperator: false),
        NodeCommands.Retry retry => Start(state, AttemptTrigger.Operator(retry.RequestedBy), now, announcedAt: null, fromOperator: true),
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
        NodeStage.Signed or NodeStage.JwtIssued => ProvisioningStep.Configure,
        NodeStage.Configured => ProvisioningStep.Restart,
        NodeStage.ShuttingDown => ProvisioningStep.Shutdown,
        _ => null,
    };

    private static NodeDecision Start(NodeState state, AttemptTrigger trigger, DateTimeOffset now, DateTimeOffset? announcedAt, bool fromOperator)
    {
        if (state.Stage.IsRunning())
        {
            return fromOperator
                ? new([], NodeReply.Rejected(state.Identity, state.Stage, $"attempt {state.Attempt} is still running at {state.Stage}"))
                : new([], NodeReply.NoOp(state.Identity, state.Stage, $"attempt {state.Attempt} already running"));
        }
        if (!fromOperator && HeldAfterProvisioning(state, now, announcedAt) is { } reason)
        {
            return new([], NodeReply.NoOp(state.Identity, state.Stage, reason));
        }
        var started = new NodeEvents.AttemptStarted(state.Identity, state.Attempt + 1, now, trigger);
        return new([started], NodeReply.Ok(state.Identity, NodeStage.Started));
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
        return new([done.Event], null);
    }

    private static NodeDecision Failed(NodeState state, StepFailed failed, DateTimeOffset now, string member, ProvisioningFeatures features)
    {
        if (!IsCurrent(state, failed, features))
        {
            return NodeDecision.Ignore;
        }
        var triesLeft = state.Tries + 1 < RetryPolicy.MaxTries(failed.Step);
        INodeEvent e = failed.Kind switch
        {
            // The node wrote its configuration (provisioning off) before the restart step. If it no longer answers
            // in provisioning mode at all, it restarted already: after a member crash between its reply and our
            // persist, asking again cannot succeed. Once the tries are spent it counts as provisioned, unconfirmed.
            StepFailureKind.Unanswered when failed.Step == ProvisioningStep.Restart && !triesLeft =>
                new NodeEvents.Provisioned(state.Identity, state.Attempt, now, member, RestartConfirmed: false),
            StepFailureKind.Deferred => new NodeEvents.AttemptDeferred(state.Identity, state.Attempt, now, failed.Reason),
            StepFailureKind.ShutdownRequested => new NodeEvents.ShutdownRequested(state.Identity, state.Attempt, now, failed.Reason),
            StepFailureKind.Retryable or StepFailureKind.Unanswered when triesLeft =>
                new NodeEvents.StepRetried(state.Identity, state.Attempt, now, failed.Step, state.Tries + 1, failed.Reason),
            _ => new NodeEvents.AttemptFailed(state.Identity, state.Attempt, now, failed.Step, failed.Reason),
        };
        return new([e], null);
    }

    /// <summary>A result counts only for the step the current attempt is waiting on; late ones are dropped.</summary>
    private static bool IsCurrent(NodeState state, StepOutcome outcome, ProvisioningFeatures features) =>
        outcome.Attempt == state.Attempt && NextStep(state, features) == outcome.Step;
}
