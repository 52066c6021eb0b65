using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Provisioner.Actors.Admission;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// The actors of one member: the node shard region (entities spread over all members), the leader singleton
/// (on the oldest member), a proxy to reach it from anywhere, and the journal the entities persist to.
/// </summary>
public sealed class ProvisionerCluster
{
    public const string NodeTypeName = "node";
    private const string LeaderName = "leader";

    private readonly NodeMessageExtractor _extractor;

    private ProvisionerCluster(IActorRef nodes, IActorRef leader, JournalStore journal, NodeMessageExtractor extractor)
    {
        Nodes = nodes;
        Leader = leader;
        Journal = journal;
        _extractor = extractor;
    }

    /// <summary>The shard region: send it any <c>IWithNodeIdentity</c> message.</summary>
    public IActorRef Nodes { get; }

    /// <summary>A proxy to the leader singleton, wherever it runs.</summary>
    public IActorRef Leader { get; }

    /// <summary>The journal the node entities persist to, for readers that must not wake them.</summary>
    public JournalStore Journal { get; }

    /// <summary>The shard a node's entity lives in.</summary>
    public string ShardOf(string identity) => _extractor.ShardId(identity);

    public static ProvisionerCluster Start(
        ActorSystem system,
        JournalStore journal,
        IProvisioningSteps steps,
        IFleetWatcher watcher,
        INodeAdmission admission,
        LeaderSettings leaderSettings,
        NodeOnboardingSettings nodeSettings,
        TimeProvider clock)
    {
        var extractor = new NodeMessageExtractor(system.Settings.Config.GetInt("provisioner.shard-count", 100));
        var leaderProxy = system.ActorOf(
            ClusterSingletonProxy.Props($"/user/{LeaderName}", ClusterSingletonProxySettings.Create(system)),
            $"{LeaderName}-proxy");
        var sharding = ClusterSharding.Get(system);
        var shardingSettings = ClusterShardingSettings.Create(system);
        // A shard that moves stops its entities with StopEntity rather than a PoisonPill, so an entity stopped
        // mid-attempt can ask the leader to wake it on the shard's new member (entities are not remembered).
        var nodes = sharding.Start(
            NodeTypeName,
            identity => NodeOnboardingActor.Props(identity, steps, leaderProxy, nodeSettings, clock),
            shardingSettings,
            extractor,
            sharding.DefaultShardAllocationStrategy(shardingSettings),
            StopEntity.Instance);
        system.ActorOf(
            ClusterSingletonManager.Props(
                ProvisioningLeader.Props(nodes, watcher, admission, leaderSettings, clock, new JournalReader(journal)),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system)),
            LeaderName);
        return new ProvisionerCluster(nodes, leaderProxy, journal, extractor);
    }
}
