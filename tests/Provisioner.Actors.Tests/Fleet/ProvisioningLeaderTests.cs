using Akka.Actor;
using Akka.TestKit.Xunit2;
using Provisioner.Actors.Fleet;
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
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, new FakeFleet(), Settings, TimeProvider.System));

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
    public void An_answered_start_is_not_sent_again()
    {
        var nodes = CreateTestProbe();
        var leader = Sys.ActorOf(ProvisioningLeader.Props(nodes, new FakeFleet(), Settings, TimeProvider.System));

        leader.Tell(new LeaderMessages.NodeAnnounced("answered.example.net", AttemptTrigger.LifecycleEvent), TestActor);
        nodes.ExpectMsg<NodeCommands.StartAttempt>(TimeSpan.FromSeconds(10));
        nodes.Reply(NodeReply.Ok("answered.example.net", NodeStage.Started));

        nodes.ExpectNoMsg(TimeSpan.FromSeconds(4));
    }
}
