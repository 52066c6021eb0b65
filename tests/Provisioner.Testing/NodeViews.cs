using Akka.Actor;
using Provisioner.Messages.Nodes;

namespace Provisioner.Testing;

/// <summary>What a member says of one node, for tests that wait on a condition.</summary>
public static class NodeViews
{
    /// <summary>
    /// The view of <paramref name="identity"/> from the member's node region, or null when no answer came within one ask:
    /// on a loaded test run a member's first answers (sharding starting, the entity recovering) can take longer than an
    /// ask, which for a test waiting on a condition means "not yet", not a failure.
    /// </summary>
    public static async Task<NodeView?> OrNullAsync(IActorRef nodes, string identity)
    {
        try
        {
            return await nodes.Ask<NodeView>(new NodeQueries.GetState(identity), TimeSpan.FromSeconds(10));
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
