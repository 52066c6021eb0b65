using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Nodes;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// The actors of one member: the node shard region (entities spread over all members), the leader singleton
/// (on the oldest member) and a proxy to reach it from anywhere.
/// </summary>
public sealed class ProvisionerCluster
{
    public const string NodeTypeName = "node";
    private const string LeaderName = "leader";

    private ProvisionerCluster(IActorRef nodes, IActorRef leader)
    {
        Nodes = nodes;
        Leader = leader;
    }

    /// <summary>The shard region: send it any <c>IWithNodeIdentity</c> message.</summary>
    public IActorRef Nodes { get; }

    /// <summary>A proxy to the leader singleton, wherever it runs.</summary>
    public IActorRef Leader { get; }

    public static ProvisionerCluster Start(
        ActorSystem system,
        IProvisioningSteps steps,
        IFleetWatcher watcher,
        LeaderSettings leaderSettings,
        NodeOnboardingSettings nodeSettings,
        TimeProvider clock)
    {
        var shardCount = system.Settings.Config.GetInt("provisioner.shard-count", 100);
        var leaderProxy = system.ActorOf(
            ClusterSingletonProxy.Props($"/user/{LeaderName}", ClusterSingletonProxySettings.Create(system)),
            $"{LeaderName}-proxy");
        var nodes = ClusterSharding.Get(system).Start(
            NodeTypeName,
            identity => NodeOnboardingActor.Props(identity, steps, leaderProxy, nodeSettings, clock),
            ClusterShardingSettings.Create(system),
            new NodeMessageExtractor(shardCount));
        system.ActorOf(
            ClusterSingletonManager.Props(
                ProvisioningLeader.Props(nodes, watcher, leaderSettings, clock),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system)),
            LeaderName);
        return new ProvisionerCluster(nodes, leaderProxy);
    }
}
