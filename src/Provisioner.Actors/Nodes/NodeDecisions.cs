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

    public static NodeDecision Decide(NodeState state, object command, DateTimeOffset now) => command switch
    {
        NodeCommands.StartAttempt start => Start(state, start.Trigger, now, start.AnnouncedAt, fromOperator: false),
        NodeCommands.Retry retry => Start(state, $"operator:{retry.RequestedBy}", now, announcedAt: null, fromOperator: true),
        StepSucceeded done => Succeeded(state, done),
        StepFailed failed => Failed(state, failed, now),
        _ => throw new ArgumentException($"not a node command: {command.GetType().Name}", nameof(command)),
    };

    private static NodeDecision Start(NodeState state, string trigger, DateTimeOffset now, DateTimeOffset? announcedAt, bool fromOperator)
    {
        if (state.Stage.IsRunning())
        {
            return fromOperator
                ? new([], NodeReply.Rejected(state.Identity, state.Stage, $"attempt {state.Attempt} is still running at {state.Stage}"))
                : new([], NodeReply.NoOp(state.Identity, state.Stage, $"attempt {state.Attempt} already running"));
        }
        if (!fromOperator && state.Stage == NodeStage.Provisioned && state.ProvisionedAt is { } at && now - at < ProvisionedHold)
        {
            return new([], NodeReply.NoOp(state.Identity, state.Stage, "provisioned moments ago; announcement ignored"));
        }
        // Seen in provisioning mode before it was provisioned, or within the hold after (the node answers sweeps
        // until its restart splay ends): a sighting that waited in a long queue says nothing new, and handled once
        // the hold is over it would start an attempt the restarted node can no longer answer.
        if (!fromOperator && state.Stage == NodeStage.Provisioned && state.ProvisionedAt is { } done && announcedAt < done + ProvisionedHold)
        {
            return new([], NodeReply.NoOp(state.Identity, state.Stage, "seen in provisioning mode before it was provisioned or while it restarted; ignored"));
        }
        var started = new NodeEvents.AttemptStarted(state.Identity, state.Attempt + 1, now, trigger);
        return new([started], NodeReply.Ok(state.Identity, NodeStage.Discovered));
    }

    private static NodeDecision Succeeded(NodeState state, StepSucceeded done)
    {
        if (!IsCurrent(state, done))
        {
            return NodeDecision.Ignore;
        }
        if (done.Event.Attempt != state.Attempt || done.Event.Identity != state.Identity)
        {
            throw new ArgumentException($"step {done.Step} produced an event for another attempt or node", nameof(done));
        }
        return new([done.Event], null);
    }

    private static NodeDecision Failed(NodeState state, StepFailed failed, DateTimeOffset now)
    {
        if (!IsCurrent(state, failed))
        {
            return NodeDecision.Ignore;
        }
        INodeEvent e = failed.Kind switch
        {
            StepFailureKind.Deferred => new NodeEvents.AttemptDeferred(state.Identity, state.Attempt, now, failed.Reason),
            StepFailureKind.ShutdownRequested => new NodeEvents.ShutdownRequested(state.Identity, state.Attempt, now, failed.Reason),
            StepFailureKind.Retryable when state.Tries + 1 < RetryPolicy.MaxTries(failed.Step) =>
                new NodeEvents.StepRetried(state.Identity, state.Attempt, now, failed.Step, state.Tries + 1, failed.Reason),
            _ => new NodeEvents.AttemptFailed(state.Identity, state.Attempt, now, failed.Step, failed.Reason),
        };
        return new([e], null);
    }

    /// <summary>A result counts only for the step the current attempt is waiting on; late ones are dropped.</summary>
    private static bool IsCurrent(NodeState state, StepOutcome outcome) =>
        outcome.Attempt == state.Attempt && state.PendingStep == outcome.Step;
}
