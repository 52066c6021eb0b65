using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>
/// A node that took <c>release_update</c> answers on its old release until it re-execs: announcements from that time
/// start nothing, so the next attempt reads the new version and the node is upgraded once. Its restart's startup
/// event starts the next attempt at once.
/// </summary>
public sealed class UpgradeHoldTests
{
    private const string Id = "n1.example.net";
    private const string Member = "akka.tcp://provisioner@127.0.0.1:4055";
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset UpgradedAt = T0.AddSeconds(5);
    private static readonly ProvisioningFeatures Features = ProvisioningFeatures.Ours with { Upgrades = true };

    // Attempt 1 ended when the node accepted release_update at UpgradedAt.
    private static NodeState Upgraded()
    {
        var state = NodeState.Apply(NodeState.Empty(Id), new NodeEvents.AttemptStarted(Id, 1, T0, AttemptTrigger.LifecycleEvent));
        state = NodeState.Apply(state, new NodeEvents.TokenChecked(Id, 1, T0, ""));
        return NodeState.Apply(state, new NodeEvents.Upgraded(Id, 1, UpgradedAt, "1.0.0", "2.0.0", "Restarting Choria Server after 2s"));
    }

    private static NodeDecision Announce(AttemptTrigger trigger, DateTimeOffset seen, DateTimeOffset now) =>
        NodeDecisions.Decide(Upgraded(), new NodeCommands.StartAttempt(Id, trigger, seen), now, Member, Features);

    [Fact]
    public void A_sweep_sighting_from_before_the_upgrade_handled_after_it_starts_nothing()
    {
        var decision = Announce(AttemptTrigger.Discovery, UpgradedAt.AddMilliseconds(-20), UpgradedAt.AddMilliseconds(300));

        Assert.Empty(decision.Events);
        Assert.Equal((NodeReplyCode.NoOp, "seen before its upgrade; ignored"), (decision.Reply!.Code, decision.Reply.Reason));
    }

    [Fact]
    public void A_sweep_the_old_release_answers_before_it_restarts_starts_nothing()
    {
        var decision = Announce(AttemptTrigger.Discovery, UpgradedAt.AddSeconds(1), UpgradedAt.AddSeconds(1));

        Assert.Empty(decision.Events);
        Assert.Equal(NodeReplyCode.NoOp, decision.Reply!.Code);
    }

    [Fact]
    public void The_startup_event_of_the_new_release_starts_the_next_attempt_at_once()
    {
        var decision = Announce(AttemptTrigger.LifecycleEvent, UpgradedAt.AddSeconds(2.5), UpgradedAt.AddSeconds(2.5));

        Assert.Equal(2, Assert.IsType<NodeEvents.AttemptStarted>(Assert.Single(decision.Events)).Attempt);
    }

    [Fact]
    public void A_sweep_after_the_grace_starts_the_next_attempt()
    {
        var decision = Announce(AttemptTrigger.Discovery, UpgradedAt + NodeDecisions.UpgradeRestartGrace, UpgradedAt + NodeDecisions.UpgradeRestartGrace);

        Assert.Equal(2, Assert.IsType<NodeEvents.AttemptStarted>(Assert.Single(decision.Events)).Attempt);
    }

    [Fact]
    public void An_operator_retry_is_never_held()
    {
        var decision = NodeDecisions.Decide(Upgraded(), new NodeCommands.Retry(Id, "console"), UpgradedAt.AddSeconds(1), Member, Features);

        Assert.IsType<NodeEvents.AttemptStarted>(Assert.Single(decision.Events));
    }
}
