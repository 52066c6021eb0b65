using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

public sealed class NodeDecisionsTests
{
    private const string Id = "n1.example.net";
    private const string Member = "akka.tcp://provisioner@127.0.0.1:4055";
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProvisioningFeatures Ours = ProvisioningFeatures.Ours;

    private static ProvisioningStep? Next(NodeState state) => NodeDecisions.NextStep(state, Ours);

    private static NodeState Run(NodeState state, object command, DateTimeOffset? now = null)
    {
        var decision = NodeDecisions.Decide(state, command, now ?? T0, Member, Ours);
        return Settle(state, decision);
    }

    // What the entity does once the journal holds decision.Journal.
    private static NodeState Settle(NodeState state, NodeDecision decision) =>
        decision.Journal.Aggregate(decision.Events.Aggregate(state, NodeState.Apply), NodeState.Remember);

    private static NodeState Started() => Run(NodeState.Empty(Id), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0));

    private static NodeState Succeed(NodeState state, INodeEvent e) => Run(state, new StepSucceeded(state.Attempt, Next(state)!.Value, e));

    private static NodeState AllTheWay()
    {
        var s = Started();
        s = Succeed(s, new NodeEvents.TokenChecked(Id, 1, T0, new string('a', 64)));
        s = Succeed(s, new NodeEvents.KeyProven(Id, 1, T0, new string('b', 64), "nonce", "/etc/choria", "sig"));
        s = Succeed(s, new NodeEvents.Inventoried(Id, 1, T0, "{}", "0.29.4"));
        s = Succeed(s, new NodeEvents.CsrAccepted(Id, 1, T0, "csr", "pub", "/etc/choria/ssl"));
        s = Succeed(s, new NodeEvents.Signed(Id, 1, T0, "01ab", "cert", "ca", "/etc/choria/ssl", new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, null, null));
        s = Succeed(s, new NodeEvents.JwtIssued(Id, 1, T0, "jti-1", "jwt", T0.AddYears(1), null));
        s = Succeed(s, new NodeEvents.Configured(Id, 1, T0, "Wrote 3 lines"));
        return Succeed(s, new NodeEvents.Provisioned(Id, 1, T0, "m1"));
    }

    [Fact]
    public void Announcement_of_an_unknown_node_starts_attempt_one_at_the_jwt_step()
    {
        var decision = NodeDecisions.Decide(NodeState.Empty(Id), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0), T0, Member, Ours);
        var started = Assert.IsType<NodeEvents.AttemptStarted>(Assert.Single(decision.Events));
        Assert.Equal(1, started.Attempt);
        Assert.Equal(NodeReplyCode.Ok, decision.Reply!.Code);
        Assert.Equal(ProvisioningStep.Jwt, Next(NodeState.Apply(NodeState.Empty(Id), started)));
    }

    [Fact]
    public void Steps_run_in_protocol_order_and_end_provisioned()
    {
        var order = new List<ProvisioningStep?>();
        var s = Started();
        order.Add(Next(s));
        s = Succeed(s, new NodeEvents.TokenChecked(Id, 1, T0, "e"));
        order.Add(Next(s));
        s = Succeed(s, new NodeEvents.KeyProven(Id, 1, T0, "k", "n", "d", "s"));
        order.Add(Next(s));
        Assert.Equal([ProvisioningStep.Jwt, ProvisioningStep.Gen25519, ProvisioningStep.Inventory], order);

        var done = AllTheWay();
        Assert.Equal(NodeStage.Provisioned, done.Stage);
        Assert.Null(Next(done));
        Assert.Equal("01ab", done.Signature!.CertificateSerial);
        Assert.Equal("jti-1", done.Jwt!.Jti);
        Assert.Equal(T0, done.ProvisionedAt);
    }

    [Fact]
    public void Duplicate_announcement_while_an_attempt_runs_is_a_noop()
    {
        var decision = NodeDecisions.Decide(Started(), new NodeCommands.StartAttempt(Id, AttemptTrigger.Discovery, T0), T0, Member, Ours);
        Assert.Empty(decision.Events);
        Assert.Equal(NodeReplyCode.NoOp, decision.Reply!.Code);
    }

    [Fact]
    public void Announcement_within_the_60_second_hold_after_provisioning_is_ignored()
    {
        var decision = NodeDecisions.Decide(AllTheWay(), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0), T0.AddSeconds(59), Member, Ours);
        Assert.Empty(decision.Events);
        Assert.Equal(NodeReplyCode.NoOp, decision.Reply!.Code);
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(30)]
    public void Sighting_before_provisioning_or_during_the_restart_is_ignored_when_handled_after_the_hold(int seenSecondsAfterProvisioned)
    {
        // A sweep answer that waited in a long queue: by the time it is handled the hold is over, but it only
        // shows the node in provisioning mode before it was provisioned or while it was restarting.
        var seen = T0.AddSeconds(seenSecondsAfterProvisioned);
        var decision = NodeDecisions.Decide(AllTheWay(), new NodeCommands.StartAttempt(Id, AttemptTrigger.Discovery, seen), T0.AddMinutes(2), Member, Ours);
        Assert.Empty(decision.Events);
        Assert.Equal(NodeReplyCode.NoOp, decision.Reply!.Code);
        Assert.Contains("before it was provisioned", decision.Reply.Reason);
    }

    [Fact]
    public void Node_that_comes_back_after_the_hold_starts_a_fresh_attempt_with_no_old_facts()
    {
        var again = Run(AllTheWay(), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0.AddMinutes(5)), T0.AddMinutes(5));
        Assert.Equal(2, again.Attempt);
        Assert.Equal(NodeStage.Started, again.Stage);
        Assert.Null(again.Key);
        Assert.Null(again.Signature);
        Assert.Contains(again.History, line => line.Contains("Provisioned"));
    }

    [Fact]
    public void Retryable_failure_is_tried_again_until_the_steps_limit_then_the_attempt_fails()
    {
        var s = Started();
        for (var i = 1; i < RetryPolicy.MaxTries(ProvisioningStep.Jwt); i++)
        {
            s = Run(s, new StepFailed(1, ProvisioningStep.Jwt, StepFailureKind.Retryable, "Incorrect provision token supplied"));
            Assert.Equal(NodeStage.Started, s.Stage);
            Assert.Equal(i, s.Tries);
        }
        s = Run(s, new StepFailed(1, ProvisioningStep.Jwt, StepFailureKind.Retryable, "Incorrect provision token supplied"));
        Assert.Equal(NodeStage.Failed, s.Stage);
        Assert.Equal("Incorrect provision token supplied", s.LastError);
    }

    /// <summary>A node that reached the restart step, with <paramref name="failures"/> failed restart tries recorded.</summary>
    private static NodeState AwaitingRestart(int failures, StepFailureKind kind)
    {
        var s = AllTheWay() with { Stage = NodeStage.Configured, ProvisionedAt = null };
        for (var i = 0; i < failures; i++)
        {
            s = Run(s, new StepFailed(1, ProvisioningStep.Restart, kind, "no replies"));
        }
        return s;
    }

    [Fact]
    public void Restart_that_nobody_answers_on_the_last_try_ends_provisioned_unconfirmed_by_this_member()
    {
        var lastTry = RetryPolicy.MaxTries(ProvisioningStep.Restart) - 1;
        var s = AwaitingRestart(lastTry, StepFailureKind.Unanswered);
        Assert.Equal(NodeStage.Configured, s.Stage);
        Assert.Equal(lastTry, s.Tries);

        var decision = NodeDecisions.Decide(s, new StepFailed(1, ProvisioningStep.Restart, StepFailureKind.Unanswered, "no replies"), T0.AddSeconds(9), Member, Ours);

        var provisioned = Assert.IsType<NodeEvents.Provisioned>(Assert.Single(decision.Events));
        Assert.False(provisioned.RestartConfirmed);
        Assert.Equal(Member, provisioned.Member);
        Assert.Equal(T0.AddSeconds(9), provisioned.At);
    }

    [Fact]
    public void Restart_that_nobody_answers_is_tried_again_while_tries_are_left()
    {
        var decision = NodeDecisions.Decide(AwaitingRestart(0, StepFailureKind.Unanswered), new StepFailed(1, ProvisioningStep.Restart, StepFailureKind.Unanswered, "no replies"), T0, Member, Ours);
        var retried = Assert.IsType<NodeEvents.StepRetried>(Assert.Single(decision.Events));
        Assert.Equal(1, retried.Try);
    }

    [Fact]
    public void Restart_answered_with_an_error_on_the_last_try_fails_the_attempt()
    {
        var s = AwaitingRestart(RetryPolicy.MaxTries(ProvisioningStep.Restart) - 1, StepFailureKind.Retryable);
        s = Run(s, new StepFailed(1, ProvisioningStep.Restart, StepFailureKind.Retryable, "restart refused"));
        Assert.Equal(NodeStage.Failed, s.Stage);
        Assert.Equal("restart refused", s.LastError);
    }

    [Fact]
    public void Other_steps_that_nobody_answers_fail_the_attempt_when_tries_are_spent()
    {
        var s = AllTheWay() with { Stage = NodeStage.JwtIssued, ProvisionedAt = null };
        for (var i = 0; i < RetryPolicy.MaxTries(ProvisioningStep.Configure); i++)
        {
            s = Run(s, new StepFailed(1, ProvisioningStep.Configure, StepFailureKind.Unanswered, "no replies"));
        }
        Assert.Equal(NodeStage.Failed, s.Stage);
        Assert.Equal("no replies", s.LastError);
    }

    [Fact]
    public void Gencsr_is_tried_once()
    {
        Assert.Equal(1, RetryPolicy.MaxTries(ProvisioningStep.Gencsr));
        Assert.Equal(5, RetryPolicy.MaxTries(ProvisioningStep.Configure));
    }

    [Fact]
    public void Fatal_failure_ends_the_attempt_at_once_with_the_reason()
    {
        var s = Succeed(Started(), new NodeEvents.TokenChecked(Id, 1, T0, "e"));
        s = Run(s, new StepFailed(1, ProvisioningStep.Gen25519, StepFailureKind.Fatal, "invalid nonce signature"));
        Assert.Equal(NodeStage.Failed, s.Stage);
        Assert.Equal("invalid nonce signature", s.LastError);
        Assert.Null(s.Signature);
    }

    [Fact]
    public void Deferral_ends_the_attempt_as_deferred_and_a_later_announcement_retries()
    {
        var s = Run(Started(), new StepFailed(1, ProvisioningStep.Jwt, StepFailureKind.Deferred, "configuration defered: not yet"));
        Assert.Equal(NodeStage.Deferred, s.Stage);
        s = Run(s, new NodeCommands.StartAttempt(Id, AttemptTrigger.Discovery, T0), T0.AddSeconds(1));
        Assert.Equal(2, s.Attempt);
    }

    [Fact]
    public void Shutdown_request_leads_to_the_shutdown_step_then_shut_down()
    {
        var s = Run(Started(), new StepFailed(1, ProvisioningStep.Jwt, StepFailureKind.ShutdownRequested, "unwanted"));
        Assert.Equal(NodeStage.ShuttingDown, s.Stage);
        Assert.Equal(ProvisioningStep.Shutdown, Next(s));
        s = Succeed(s, new NodeEvents.ShutDown(Id, 1, T0));
        Assert.Equal(NodeStage.ShutDown, s.Stage);
    }

    [Fact]
    public void Result_of_a_previous_attempt_or_another_step_is_ignored()
    {
        var s = Run(Run(Started(), new StepFailed(1, ProvisioningStep.Jwt, StepFailureKind.Fatal, "x")), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0));
        Assert.Equal(2, s.Attempt);
        Assert.Empty(NodeDecisions.Decide(s, new StepSucceeded(1, ProvisioningStep.Jwt, new NodeEvents.TokenChecked(Id, 1, T0, "e")), T0, Member, Ours).Events);
        Assert.Empty(NodeDecisions.Decide(s, new StepFailed(2, ProvisioningStep.Configure, StepFailureKind.Fatal, "x"), T0, Member, Ours).Events);
    }

    [Fact]
    public void Operator_retry_is_rejected_while_running_and_starts_an_attempt_otherwise()
    {
        var rejected = NodeDecisions.Decide(Started(), new NodeCommands.Retry(Id, "console"), T0, Member, Ours);
        Assert.Equal(NodeReplyCode.Rejected, rejected.Reply!.Code);
        Assert.Empty(rejected.Events);

        var retried = NodeDecisions.Decide(AllTheWay(), new NodeCommands.Retry(Id, "console"), T0.AddSeconds(1), Member, Ours);
        Assert.Equal(NodeReplyCode.Ok, retried.Reply!.Code);
        Assert.Equal(AttemptTrigger.Operator("console"), Assert.IsType<NodeEvents.AttemptStarted>(Assert.Single(retried.Events)).Trigger);
    }

    [Fact]
    public void Backoff_grows_then_caps_at_five_seconds_scaled_by_jitter()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.5), RetryPolicy.Backoff(1, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(0.75), RetryPolicy.Backoff(2, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Backoff(40, 1.0));
        Assert.Equal(TimeSpan.FromSeconds(7.5), RetryPolicy.Backoff(40, 9));
        Assert.Equal(TimeSpan.FromSeconds(0.25), RetryPolicy.Backoff(1, 0));
    }

    [Fact]
    public void History_keeps_only_the_most_recent_lines()
    {
        var s = NodeState.Empty(Id);
        for (var i = 0; i < NodeState.HistoryLimit + 20; i++)
        {
            s = NodeState.Journaled(s, new NodeEvents.AttemptFailed(Id, i, T0, ProvisioningStep.Jwt, $"failure {i}"));
        }
        Assert.Equal(NodeState.HistoryLimit, s.History.Count);
        Assert.EndsWith($"failure {NodeState.HistoryLimit + 19}", s.History[^1]);
    }
}
