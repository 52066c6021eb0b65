using Provisioner.Actors.Telemetry;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Provisioner.Actors.Cluster;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>
/// The sharded, persistent onboarding entity of one machine (id = identity, persistence id node-&lt;identity&gt;).
/// A thin shell: <see cref="NodeDecisions.Decide"/> chooses, this actor journals what must survive a crash,
/// applies, replies, and then runs the next pending step. The credentials are journaled before configure goes out,
/// so an entity restarted on another member resumes at configure and never repeats a finished signing; an attempt
/// that had issued nothing runs again (<see cref="NodeDecisions.Resume"/>). It never snapshots: an attempt
/// journals at most three events, so recovery replays a few rows and skips the snapshot query.
/// </summary>
public sealed class NodeOnboardingActor : ReceivePersistentActor, IWithTimers
{
    private const string RetryTimer = "retry-step";
    private const string PassivateTimer = "passivate";

    private readonly IProvisioningSteps _steps;
    private readonly IActorRef _leader;
    private readonly NodeOnboardingSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly AttemptSpans _spans;
    private NodeState _state;
    private (int Attempt, ProvisioningStep Step)? _running;
    private CancellationTokenSource? _stepCancellation;

    public NodeOnboardingActor(string identity, IProvisioningSteps steps, IActorRef leader, NodeOnboardingSettings settings, TimeProvider clock)
    {
        _steps = steps;
        _leader = leader;
        _settings = settings;
        _clock = clock;
        _state = NodeState.Empty(identity);
        PersistenceId = NodePersistenceId.For(identity);
        _spans = new AttemptSpans(identity, MemberAddress.Of(Context.System));

        Recover<INodeEvent>(e => _state = NodeState.Journaled(_state, e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<NodeCommands.StartAttempt>(c => Start(c));
        Command<NodeCommands.Retry>(c => Handle(c));
        Command<StepOutcome>(outcome => OnStepOutcome(outcome));
        Command<RunPendingStep>(_ => RunPendingStepNow());
        Command<NodeQueries.GetState>(_ => Sender.Tell(_state.ToView(MemberAddress.Of(Context.System))));
        Command<NodeQueries.GetHistory>(_ => Sender.Tell(new NodeHistory(_state.Identity, _state.History)));
        Command<PassivateNow>(_ => Context.Parent.Tell(new Passivate(StopEntity.Instance)));
        Command<StopEntity>(_ => Stop());
    }

    public override string PersistenceId { get; }

    // No snapshot is read: none is written any more, and the events of older journals are all still there (only
    // snapshots were ever deleted), so a full replay rebuilds the same state without the snapshot store's query.
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string identity, IProvisioningSteps steps, IActorRef leader, NodeOnboardingSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new NodeOnboardingActor(identity, steps, leader, settings, clock));

    private DateTimeOffset Now => _clock.GetUtcNow();

    private ProvisioningStep? PendingStep => NodeDecisions.NextStep(_state, _settings.Features);

    private void OnRecovered()
    {
        _state = NodeState.Recovered(_state);
        var resume = NodeDecisions.Resume(_state, Now, _settings.Features);
        if (resume.Events.Count > 0)
        {
            _log.Info("{0} attempt {1} was cut short before anything was issued; runs again as attempt {2}", _state.Identity, _state.Attempt, _state.Attempt + 1);
            Commit(resume, null);
            return;
        }
        if (PendingStep is not null)
        {
            _log.Info("{0} resumes attempt {1} at {2}", _state.Identity, _state.Attempt, _state.Stage);
            // The attempt now runs on this member, which will count its end: count its start here too, or the
            // busy gauge of a member that took over in-flight attempts would go negative.
            ProvisionerMetrics.AttemptStarted();
            _spans.Open(_state.Attempt, _state.Trace, resumed: true);
            Self.Tell(RunPendingStep.Instance);
            return;
        }
        // Nothing to run: woken by a query, or restarted as a remembered entity after a member restart. Without
        // this it would stay in memory for good (only an attempt's end starts the timer); a new attempt cancels it.
        Timers.StartSingleTimer(PassivateTimer, PassivateNow.Instance, _settings.PassivateAfterEnd);
    }

    private void Start(NodeCommands.StartAttempt start)
    {
        var decision = NodeDecisions.Decide(_state, start, Now, MemberAddress.Of(Context.System), _settings.Features);
        // The leader asked the node for its token moments before this start: the attempt's jwt step verifies that answer.
        if (decision.Opens is not null && start.Admission is { } answer && _settings.Features.Jwt)
        {
            _steps.Admitted(_state.Identity, answer);
        }
        Commit(decision, Sender);
    }

    private void Handle(object command)
    {
        var decision = NodeDecisions.Decide(_state, command, Now, MemberAddress.Of(Context.System), _settings.Features);
        Commit(decision, Sender);
    }

    private void OnStepOutcome(StepOutcome outcome)
    {
        if (_running == (outcome.Attempt, outcome.Step))
        {
            _running = null;
            _stepCancellation?.Dispose();
            _stepCancellation = null;
        }
        if (outcome is StepFailed failed)
        {
            ProvisionerMetrics.RecordFailedTry(failed.Step);
            // A failure that ends the attempt is logged once with the attempt's end; retries are detail.
            _log.Debug("{0} attempt {1} step {2} failed ({3}): {4}", _state.Identity, failed.Attempt, failed.Step, failed.Kind, failed.Reason);
        }
        Commit(NodeDecisions.Decide(_state, outcome, Now, MemberAddress.Of(Context.System), _settings.Features), null);
    }

    private void Commit(NodeDecision decision, IActorRef? replyTo)
    {
        if (OnboardingTracing.Enabled && decision.Opens is { } opened
            && _spans.Open(opened.Attempt, opened.Trace, opened.Trigger.Kind == AttemptTriggerKind.Resumed) is { } trace)
        {
            decision = decision.InTrace(trace);
        }
        if (decision.Journal.Count == 0)
        {
            Settle(decision, replyTo);
            return;
        }
        var remaining = decision.Journal.Count;
        _spans.BeginWrite(decision.Journal[^1].Attempt, remaining);
        PersistAll(decision.Journal, _ =>
        {
            if (--remaining == 0)
            {
                _spans.EndWrite("ok");
                Settle(decision, replyTo);
            }
        });
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _spans.EndWrite("failed");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _spans.EndWrite("rejected");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    // After the journal holds what must survive: apply, reply, and carry on.
    private void Settle(NodeDecision decision, IActorRef? replyTo)
    {
        foreach (var e in decision.Events)
        {
            _state = NodeState.Apply(_state, e);
        }
        foreach (var e in decision.Journal)
        {
            _state = NodeState.Remember(_state, e);
        }
        Reply(decision.Reply, replyTo);
        if (decision.Events.Count > 0)
        {
            AfterApplied(decision.Events[^1]);
        }
    }

    private static void Reply(NodeReply? reply, IActorRef? replyTo)
    {
        if (reply is not null && replyTo is not null && !replyTo.IsNobody())
        {
            replyTo.Tell(reply);
        }
    }

    private void AfterApplied(INodeEvent last)
    {
        Timers.Cancel(PassivateTimer);
        switch (last)
        {
            case NodeEvents.StepRetried retried:
                Timers.StartSingleTimer(RetryTimer, RunPendingStep.Instance, RetryPolicy.Backoff(retried.Try, 0.5 + Random.Shared.NextDouble()));
                return;
            case NodeEvents.AttemptStarted:
                ProvisionerMetrics.AttemptStarted();
                break;
        }
        if (PendingStep is not null)
        {
            RunPendingStepNow();
            return;
        }
        OnAttemptEnded(last);
    }

    private void OnAttemptEnded(INodeEvent last)
    {
        if (!_state.Stage.IsRunning() && _state.Stage != NodeStage.Unknown)
        {
            ProvisionerMetrics.AttemptEnded(_state, last);
            _spans.End(_state.Stage.ToString().ToLowerInvariant());
            LogEnd();
            _steps.AttemptEnded(_state.Identity);
            _leader.Tell(new LeaderMessages.AttemptEnded(_state.Identity, _state.Stage, _state.LastError ?? ""));
            Timers.StartSingleTimer(PassivateTimer, PassivateNow.Instance, _settings.PassivateAfterEnd);
        }
    }

    // One line per attempt's end: Info for an outcome, Warning for a failure, so a member's log shows every node once.
    private void LogEnd()
    {
        var (identity, attempt) = (_state.Identity, _state.Attempt);
        switch (_state.Stage)
        {
            case NodeStage.Provisioned:
                _log.Info("{0} provisioned by attempt {1} (certificate {2})", identity, attempt, _state.Signature?.CertificateSerial ?? "none");
                break;
            case NodeStage.Failed:
                _log.Warning("{0} attempt {1} failed: {2}", identity, attempt, _state.LastError ?? "");
                break;
            default:
                _log.Info("{0} attempt {1} ended {2}: {3}", identity, attempt, _state.Stage, _state.LastError ?? "");
                break;
        }
    }

    private void RunPendingStepNow()
    {
        if (PendingStep is not { } step)
        {
            return;
        }
        var key = (_state.Attempt, step);
        if (_running == key)
        {
            return;
        }
        _running = key;
        _stepCancellation?.Dispose();
        _stepCancellation = new CancellationTokenSource(_settings.StepTimeout);
        var attempt = _state.Attempt;
        var snapshot = _state;
        var cancellation = _stepCancellation.Token;
        var steps = _steps;
        RunStep(steps, step, attempt, snapshot, cancellation, _spans.Current).PipeTo(Self);
    }

    private static async Task<StepOutcome> RunStep(
        IProvisioningSteps steps, ProvisioningStep step, int attempt, NodeState state, CancellationToken cancellation, System.Diagnostics.Activity? attemptSpan)
    {
        // The step's spans nest under the attempt's span on this member. Set inside this async method, the current
        // span returns to what it was for the entity's thread when the method first yields.
        if (attemptSpan is not null)
        {
            System.Diagnostics.Activity.Current = attemptSpan;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var e = await steps.RunAsync(step, state, cancellation).ConfigureAwait(false);
            return new StepSucceeded(attempt, step, e);
        }
        catch (StepFailure failure)
        {
            return new StepFailed(attempt, step, failure.Kind, failure.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new StepFailed(attempt, step, StepFailureKind.Retryable, $"step {step} timed out");
        }
        catch (Exception e)
        {
            // A bug or an unexpected library error: keep the entity alive and let the retry policy decide.
            return new StepFailed(attempt, step, StepFailureKind.Retryable, $"unexpected error in {step}: {e.Message}");
        }
        finally
        {
            ProvisionerMetrics.ObserveStep(step, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    // Our own passivation comes only after an attempt ended; a stop with an attempt running is sharding moving the
    // shard, and nothing else would start this entity again on the shard's new member.
    private void Stop()
    {
        if (_state.Stage.IsRunning())
        {
            _log.Info("{0} attempt {1} handed off at {2}; the leader starts it again where its shard moved", _state.Identity, _state.Attempt, _state.Stage);
            ProvisionerMetrics.AttemptHandedOff();
            _spans.End("handed off");
            _leader.Tell(new LeaderMessages.AttemptHandedOff(_state.Identity, _state.Attempt));
        }
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _stepCancellation?.Cancel();
        _stepCancellation?.Dispose();
        _steps.AttemptEnded(_state.Identity);
        _spans.End("stopped");
        base.PostStop();
    }

    private sealed class RunPendingStep
    {
        public static RunPendingStep Instance { get; } = new();
    }

    private sealed class PassivateNow
    {
        public static PassivateNow Instance { get; } = new();
    }
}
