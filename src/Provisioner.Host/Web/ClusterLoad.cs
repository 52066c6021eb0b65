using Akka.Actor;
using Akka.Cluster.Sharding;
using Provisioner.Actors.Cluster;
using Provisioner.Messages.Fleet;

namespace Provisioner.Host.Web;

/// <summary>
/// The members as this member's cluster state has them, each with the node shards and entities it hosts (the same
/// <c>GetClusterShardingStats</c> as the console's <c>shard stats</c>), and who leads (as <c>cluster leader</c>).
/// </summary>
public sealed class ClusterLoad(ActorSystem system, ProvisionerCluster cluster, TimeSpan askTimeout)
{
    /// <summary>The members, the leaders, and what did not answer in time (null when everything did).</summary>
    public async Task<(IReadOnlyList<MemberLoad> Members, LeaderView Leader, string? Problem)> ReadAsync(FleetProjection projection, CancellationToken cancellation)
    {
        var problems = new List<string>();
        var state = Akka.Cluster.Cluster.Get(system).State;
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        ClusterShardingStats? stats = null;
        try
        {
            stats = await cluster.Nodes.Ask<ClusterShardingStats>(new GetClusterShardingStats(askTimeout), askTimeout + askTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            problems.Add("sharding did not report its shards in time");
        }
        LeaderStatus? leader = null;
        try
        {
            leader = await cluster.Leader.Ask<LeaderStatus>(new LeaderMessages.GetStatus(), askTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            problems.Add("the provisioning leader did not answer in time");
        }
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m =>
            {
                var region = stats is not null && stats.Regions.TryGetValue(m.Address, out var r) ? r : null;
                var address = m.Address.ToString();
                return new MemberLoad(address, m.Status.ToString(), !unreachable.Contains(m.Address),
                    region?.Stats.Count ?? 0, region?.Stats.Values.Sum() ?? 0, projection.ProvisionedBy(address), m.Address == self);
            })
            .ToList();
        var leaders = new LeaderView(state.Leader?.ToString(), leader?.LeaderAddress, leader?.Paused, leader?.Queued, leader?.InFlight, leader?.MaxInFlight);
        return (members, leaders, problems.Count == 0 ? null : string.Join("; ", problems));
    }
}
