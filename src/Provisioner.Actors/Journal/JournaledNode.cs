using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Journal;

/// <summary>One node's events as the journal holds them, oldest first, and the state they fold into.</summary>
public sealed record JournaledNode(string Identity, IReadOnlyList<INodeEvent> Events)
{
    /// <summary>The state the node's entity recovers to, folded without an actor.</summary>
    public NodeState State => Events.Aggregate(NodeState.Empty(Identity), NodeState.Journaled);
}
