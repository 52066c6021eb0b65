using Provisioner.Agent.Fleet;
using Xunit;

namespace Provisioner.Agent.Tests.Fleet;

/// <summary>A fleet run counts its nodes by the protocol each spoke in provisioning mode, so a mixed run shows both.</summary>
public sealed class FleetProtocolCountTests
{
    private static FleetNodeResult Node(string identity, bool protocolV2, FleetNodeState state) =>
        new(identity, state, [], 1, 5, "restart", null, new Dictionary<string, TimeSpan>()) { SpeaksProtocolV2 = protocolV2 };

    [Fact]
    public void A_mixed_run_counts_nodes_and_provisioned_nodes_per_protocol()
    {
        var result = new FleetResult(5, 3, TimeSpan.FromSeconds(4), [
            Node("a", protocolV2: false, FleetNodeState.Provisioned),
            Node("b", protocolV2: true, FleetNodeState.Provisioned),
            Node("c", protocolV2: true, FleetNodeState.Provisioned),
            Node("d", protocolV2: true, FleetNodeState.Failed),
            Node("e", protocolV2: false, FleetNodeState.ShutDown),
        ]);

        Assert.Equal(new FleetProtocolCount(2, 1), result.ProtocolV1);
        Assert.Equal(new FleetProtocolCount(3, 2), result.ProtocolV2);
    }

    [Fact]
    public void A_run_in_one_protocol_counts_none_in_the_other()
    {
        var result = new FleetResult(1, 1, TimeSpan.FromSeconds(1), [Node("a", protocolV2: true, FleetNodeState.Provisioned)]);

        Assert.Equal(new FleetProtocolCount(0, 0), result.ProtocolV1);
        Assert.Equal(new FleetProtocolCount(1, 1), result.ProtocolV2);
    }
}
