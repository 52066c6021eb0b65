namespace Provisioner.Messages.Nodes;

/// <summary>Questions about one node; answered without changing anything.</summary>
public static class NodeQueries
{
    /// <summary>Answered with a <see cref="NodeView"/>.</summary>
    public sealed record GetState(string Identity) : IWithNodeIdentity;

    /// <summary>Answered with a <see cref="NodeHistory"/>: one line per recent event (at most <c>NodeState.HistoryLimit</c>), oldest first.</summary>
    public sealed record GetHistory(string Identity) : IWithNodeIdentity;
}
