using Akka.Cluster.Sharding;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Cluster;

/// <summary>Routes node messages by identity; the shard count is fixed forever once a journal exists.</summary>
public sealed class NodeMessageExtractor(int shardCount) : HashCodeMessageExtractor(shardCount)
{
    public override string? EntityId(object message) => (message as IWithNodeIdentity)?.Identity;
}
