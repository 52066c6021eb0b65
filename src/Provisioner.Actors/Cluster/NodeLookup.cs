using Akka.Actor;
using Provisioner.Actors.Journal;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// How an operator's question about one node is answered, from the console's <c>node</c> commands and the web view's
/// search alike: the identity must pass the identity rule, the journal must know the node (so a typo wakes no entity
/// and leaves no remembered entity behind), and only then is its entity asked, wherever in the cluster it lives.
/// </summary>
public sealed class NodeLookup(ProvisionerCluster cluster, TimeSpan askTimeout)
{
    private readonly JournalReader _journal = new(cluster.Journal);

    /// <summary>Why <paramref name="identity"/> cannot be looked up, or null when its entity may be asked.</summary>
    public async Task<NodeLookupRefusal?> RefusalAsync(string identity, CancellationToken cancellation)
    {
        if (NodeIdentity.Problem(identity) is { } problem)
        {
            return new NodeLookupRefusal(NodeLookupRefusalKind.Invalid, problem);
        }
        return await _journal.ContainsAsync(identity, cancellation).WaitAsync(askTimeout, cancellation)
            ? null
            : new NodeLookupRefusal(NodeLookupRefusalKind.Unknown, $"node {identity} is unknown: nothing about it is in the journal");
    }

    /// <summary>The node's recent events, one line each, oldest first (as <c>node history</c> prints them).</summary>
    public Task<NodeHistory> HistoryAsync(string identity, CancellationToken cancellation) =>
        cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(identity), askTimeout, cancellation);

    /// <summary>The node's stage, attempt and what it holds, with the member hosting its entity.</summary>
    public Task<NodeView> ViewAsync(string identity, CancellationToken cancellation) =>
        cluster.Nodes.Ask<NodeView>(new NodeQueries.GetState(identity), askTimeout, cancellation);
}

/// <summary>Why a node was not looked up: its identity breaks the rule, or the journal has never heard of it.</summary>
public sealed record NodeLookupRefusal(NodeLookupRefusalKind Kind, string Message);

public enum NodeLookupRefusalKind
{
    Invalid,
    Unknown,
}
