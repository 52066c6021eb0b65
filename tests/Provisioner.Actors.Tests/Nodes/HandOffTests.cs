using Akka.Actor;
using Akka.TestKit.Xunit2;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>
/// Entities are not remembered, so one that sharding stops because its shard moves (StopEntity is the hand-off
/// stop message) would never run again on the new member unless something sends it a message: it asks the leader.
/// </summary>
public sealed class HandOffTests : TestKit
{
    private const string Node = "moving.example.net";
    private readonly FakeFleet _fleet = new();

    private IActorRef Entity(IActorRef leader) =>
        Sys.ActorOf(NodeOnboardingActor.Props(Node, _fleet, leader, NodeOnboardingSettings.Default, TimeProvider.System));

    [Fact]
    public void An_entity_stopped_with_its_attempt_running_asks_the_leader_to_start_it_again()
    {
        var leader = CreateTestProbe();
        _fleet.Hangs[Node] = ProvisioningStep.Inventory;
        var entity = Entity(leader);
        entity.Tell(new NodeCommands.StartAttempt(Node, AttemptTrigger.Discovery, DateTimeOffset.UtcNow), TestActor);
        ExpectMsg<NodeReply>(r => r.Code == NodeReplyCode.Ok, TimeSpan.FromSeconds(20));
        AwaitCondition(() => _fleet.Calls(Node, ProvisioningStep.Inventory) == 1, TimeSpan.FromSeconds(10));
        Watch(entity);

        entity.Tell(StopEntity.Instance);

        var handedOff = leader.ExpectMsg<LeaderMessages.AttemptHandedOff>(TimeSpan.FromSeconds(10));
        Assert.Equal((Node, 1), (handedOff.Identity, handedOff.Attempt));
        ExpectTerminated(entity);
    }

    [Fact]
    public void An_entity_stopped_after_its_attempt_ended_tells_the_leader_nothing_more()
    {
        var leader = CreateTestProbe();
        var entity = Entity(leader);
        entity.Tell(new NodeCommands.StartAttempt(Node, AttemptTrigger.Discovery, DateTimeOffset.UtcNow), TestActor);
        ExpectMsg<NodeReply>(r => r.Code == NodeReplyCode.Ok, TimeSpan.FromSeconds(20));
        leader.ExpectMsg<LeaderMessages.AttemptEnded>(e => e.Outcome == NodeStage.Provisioned, TimeSpan.FromSeconds(20));
        Watch(entity);

        entity.Tell(StopEntity.Instance);

        ExpectTerminated(entity);
        leader.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }
}
