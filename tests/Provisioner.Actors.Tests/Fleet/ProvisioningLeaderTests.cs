using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Provisioner.Actors.Admission;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Telemetry;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Fleet;

/// <summary>The leader alone, with a probe in place of the node shards.</summary>
public sealed class ProvisioningLeaderTests : TestKit
{
    private static readonly LeaderSettings Settings =
        new(TimeSpan.FromMinutes(10), 10, TimeSpan.FromMinutes(5)) { UnansweredStartAfter = TimeSpan.FromSeconds(2) };

    [Fact]
    public void A_start_lost_on_the_way_to_the_entity_is_sent_again_until_answered()
    {
        var nodes = CreateTestProbe();
        var fleet = new FakeFleet();
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, fleet, fleet, Settings, TimeProvider.System));

        leader.Tell(new LeaderMessages.NodeAnnounced("lost.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        var first = nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        Assert.Equal("lost.example.net", first.Identity);

        // Dropped, as sharding drops messages buffered for a shard being handed off: no answer comes.
        var again = nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        Assert.Equal(first, again);

        // Answered: the entity runs the attempt, so nothing is sent again.
        nodes.Reply(NodeReply.Ok("lost.example.net", NodeStage.Started));
        nodes.ExpectNoMsg(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void An_attempt_handed_off_with_its_shard_is_started_again_and_keeps_its_slot()
    {
        var nodes = CreateTestProbe();
        var fleet = new FakeFleet();
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, fleet, fleet, Settings, TimeProvider.System));
        leader.Tell(new LeaderMessages.NodeAnnounced("moving.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        nodes.Reply(NodeReply.Ok("moving.example.net", NodeStage.Started));

        leader.Tell(new LeaderMessages.AttemptHandedOff("moving.example.net", 1), TestActor);

        var again = nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        Assert.Equal(("moving.example.net", AttemptTriggerKind.Resumed), (again.Identity, again.Trigger.Kind));
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        Assert.Equal(1, ExpectMsg<LeaderStatus>().InFlight);
    }

    [Fact]
    public void An_attempt_handed_off_that_this_leader_never_started_is_started_again_and_takes_a_slot()
    {
        var nodes = CreateTestProbe();
        var fleet = new FakeFleet();
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, fleet, fleet, Settings, TimeProvider.System));

        leader.Tell(new LeaderMessages.AttemptHandedOff("older.example.net", 3), TestActor);

        var again = nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        Assert.Equal(("older.example.net", AttemptTriggerKind.Resumed), (again.Identity, again.Trigger.Kind));
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        Assert.Equal(1, ExpectMsg<LeaderStatus>().InFlight);
    }

    [Fact]
    public void A_node_counts_as_found_by_events_and_sweeps_only_when_it_was_put_on_the_queue()
    {
        var nodes = CreateTestProbe();
        var fleet = new FakeFleet();
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, fleet, fleet, Settings, TimeProvider.System));
        LeaderStatus Status()
        {
            leader.Tell(new LeaderMessages.GetStatus(), TestActor);
            return ExpectMsg<LeaderStatus>();
        }
        // The leader's first sweep, at start, finds nobody.
        AwaitAssert(() => Assert.Equal(1, Status().DiscoverCycles), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        leader.Tell(new LeaderMessages.NodeAnnounced("twice.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        nodes.Reply(NodeReply.Ok("twice.example.net", NodeStage.Started));
        // In flight now: a second event and a sweep that finds the node again add nothing, as in Choria.
        leader.Tell(new LeaderMessages.NodeAnnounced("twice.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        fleet.Discoverable.Add("twice.example.net");
        leader.Tell(new LeaderMessages.Sweep(), TestActor);

        AwaitAssert(() =>
        {
            var status = Status();
            Assert.Equal(2, status.DiscoverCycles);
            Assert.Equal((1, 0), (status.EventDiscovered, status.Discovered));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_answered_start_is_not_sent_again()
    {
        var nodes = CreateTestProbe();
        var fleet = new FakeFleet();
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, fleet, fleet, Settings, TimeProvider.System));

        leader.Tell(new LeaderMessages.NodeAnnounced("answered.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        nodes.Reply(NodeReply.Ok("answered.example.net", NodeStage.Started));

        nodes.ExpectNoMsg(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void A_full_queue_drops_further_announcements_and_counts_each()
    {
        var nodes = CreateTestProbe();
        var admission = new HeldAdmission();
        var settings = Settings with { MaxQueued = 2, MaxAdmitting = 1 };
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, new FakeFleet(), admission, settings, TimeProvider.System));
        var overflowBefore = ProvisionerMetrics.WorkQueueOverflow.Value;

        // a is being checked, b and c fill the queue, d and e find it full.
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            leader.Tell(new LeaderMessages.NodeAnnounced($"{name}.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        }
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        Assert.Equal(3, ExpectMsg<LeaderStatus>().Queued);
        Assert.Equal(2, ProvisionerMetrics.WorkQueueOverflow.Value - overflowBefore);
        Assert.Equal(["a.example.net"], admission.Asked);

        // Room again once a's check ends: d, announced again, is queued this time.
        admission.Finish("a.example.net", AdmissionResult.Admitted.Instance);
        Assert.Equal("a.example.net", nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10)).Identity);
        leader.Tell(new LeaderMessages.NodeAnnounced("d.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        Assert.Equal(3, ExpectMsg<LeaderStatus>().Queued);
        Assert.Equal(2, ProvisionerMetrics.WorkQueueOverflow.Value - overflowBefore);
    }

    [Fact]
    public void A_node_that_is_not_admitted_never_reaches_the_shards_and_is_ignored_while_it_backs_off()
    {
        var nodes = CreateTestProbe();
        var fleet = new FakeFleet();
        fleet.NotAdmitted["fake.example.net"] = new AdmissionResult.Unanswered("received 0 responses while expecting a response from fake.example.net");
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, fleet, fleet, Settings, TimeProvider.System));

        leader.Tell(new LeaderMessages.NodeAnnounced("fake.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        leader.Tell(new LeaderMessages.NodeAnnounced("real.example.net", AttemptTrigger.LifecycleEvent), TestActor);

        Assert.Equal("real.example.net", nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10)).Identity);
        leader.Tell(new LeaderMessages.GetBackoff("fake.example.net"), TestActor);
        var backoff = ExpectMsg<NodeBackoff>();
        Assert.Equal(1, backoff.Failures);
        Assert.Equal("received 0 responses while expecting a response from fake.example.net", backoff.LastReason);
        Assert.True(backoff.RetryAt > DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3), $"retry at {backoff.RetryAt}");

        // Announced again while it backs off: not even checked, and still nothing for the shards.
        leader.Tell(new LeaderMessages.NodeAnnounced("fake.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        Assert.Equal(0, ExpectMsg<LeaderStatus>().Queued);
        Assert.Equal(1, fleet.Admissions["fake.example.net"]);
        nodes.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_failed_attempt_backs_the_node_off_and_a_provisioned_one_clears_it()
    {
        var nodes = CreateTestProbe();
        var fleet = new FakeFleet();
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, fleet, fleet, Settings, TimeProvider.System));

        leader.Tell(new LeaderMessages.NodeAnnounced("flaky.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        nodes.Reply(NodeReply.Ok("flaky.example.net", NodeStage.Started));
        leader.Tell(new LeaderMessages.AttemptEnded("flaky.example.net", NodeStage.Failed, "invalid nonce signature"), TestActor);
        leader.Tell(new LeaderMessages.GetBackoff("flaky.example.net"), TestActor);
        Assert.Equal(("invalid nonce signature", 1), ExpectMsg<NodeBackoff>() is var b ? (b.LastReason, b.Failures) : default);

        leader.Tell(new LeaderMessages.NodeAnnounced("flaky.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        nodes.ExpectNoMsg(TimeSpan.FromSeconds(1));

        leader.Tell(new LeaderMessages.AttemptEnded("flaky.example.net", NodeStage.Provisioned, ""), TestActor);
        leader.Tell(new LeaderMessages.GetBackoff("flaky.example.net"), TestActor);
        Assert.Equal(0, ExpectMsg<NodeBackoff>().Failures);
    }

    /// <summary>Admission checks that end only when the test says so.</summary>
    [Fact]
    public void A_queued_node_seen_again_counts_its_age_from_the_latest_sighting_and_one_not_seen_is_skipped_as_stale()
    {
        var nodes = CreateTestProbe();
        var admission = new HeldAdmission();
        var clock = new ManualClock();
        // Two intervals: 20 minutes.
        var settings = Settings with { MaxAdmitting = 1 };
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, new FakeFleet(), admission, settings, clock));
        var skippedBefore = ProvisionerMetrics.StaleSkipped.Value;

        // a holds the only admission check; b and c wait in the queue.
        foreach (var name in new[] { "a", "b", "c" })
        {
            leader.Tell(new LeaderMessages.NodeAnnounced($"{name}.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        }
        // Each status answer means the leader handled everything sent before it, at the clock's time then.
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        ExpectMsg<LeaderStatus>();
        clock.Advance(TimeSpan.FromMinutes(15));
        leader.Tell(new LeaderMessages.NodeAnnounced("b.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        ExpectMsg<LeaderStatus>();
        clock.Advance(TimeSpan.FromMinutes(10));
        leader.Tell(new LeaderMessages.GetStatus(), TestActor);
        Assert.Equal(3, ExpectMsg<LeaderStatus>().Queued);

        // b was seen 10 minutes ago: checked. c, queued 25 minutes ago and not seen since: skipped.
        admission.Finish("a.example.net", AdmissionResult.Admitted.Instance);
        nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        AwaitCondition(() => { lock (admission.Asked) return admission.Asked.Contains("b.example.net"); }, TimeSpan.FromSeconds(10));
        admission.Finish("b.example.net", AdmissionResult.Admitted.Instance);
        Assert.Equal("b.example.net", nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10)).Identity);
        lock (admission.Asked) Assert.DoesNotContain("c.example.net", admission.Asked);
        Assert.Equal(1, ProvisionerMetrics.StaleSkipped.Value - skippedBefore);
    }

    private sealed class HeldAdmission : INodeAdmission
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<AdmissionResult>> _held = new();

        public List<string> Asked { get; } = [];

        public Task<AdmissionResult> AdmitAsync(string identity, TimeSpan timeout, CancellationToken cancellation)
        {
            lock (Asked) Asked.Add(identity);
            return _held.GetOrAdd(identity, _ => new TaskCompletionSource<AdmissionResult>()).Task;
        }

        public void Finish(string identity, AdmissionResult result) => _held[identity].SetResult(result);
    }
}
