using Provisioner.Actors.Rpc;
using Xunit;

namespace Provisioner.Actors.Tests.Rpc;

/// <summary>The protocols the RPC client remembers are those of the nodes it heard from most recently, never the whole fleet.</summary>
public sealed class NodeProtocolsTests
{
    [Fact]
    public void Past_its_capacity_the_node_first_heard_from_longest_ago_is_forgotten()
    {
        var protocols = new NodeProtocols(capacity: 3);
        protocols.Learn("n1.example.net", 1);
        protocols.Learn("n2.example.net", 2);
        protocols.Learn("n3.example.net", 1);
        // Heard from again: still the oldest first heard from.
        protocols.Learn("n1.example.net", 2);

        protocols.Learn("n4.example.net", 2);

        Assert.Equal(0, protocols.Of("n1.example.net"));
        Assert.Equal(2, protocols.Of("n2.example.net"));
        Assert.Equal(1, protocols.Of("n3.example.net"));
        Assert.Equal(2, protocols.Of("n4.example.net"));
    }

    [Fact]
    public void A_fleet_larger_than_the_default_capacity_leaves_at_most_that_many()
    {
        var protocols = new NodeProtocols();
        var identities = Enumerable.Range(0, NodeProtocols.DefaultCapacity + 1000).Select(i => $"n{i}.example.net").ToList();
        identities.ForEach(identity => protocols.Learn(identity, 1));

        Assert.Equal(1000, identities.Count(identity => protocols.Of(identity) == 0));
        Assert.All(identities.Take(1000), identity => Assert.Equal(0, protocols.Of(identity)));
        Assert.Equal(1, protocols.Of(identities[^1]));
    }

    [Fact]
    public void Only_protocols_1_and_2_are_learned_and_a_forgotten_node_is_unknown()
    {
        var protocols = new NodeProtocols();
        protocols.Learn("n1.example.net", 3);
        protocols.Learn("n2.example.net", 2);
        protocols.Forget("n2.example.net");

        Assert.Equal(0, protocols.Of("n1.example.net"));
        Assert.Equal(0, protocols.Of("n2.example.net"));
    }
}
