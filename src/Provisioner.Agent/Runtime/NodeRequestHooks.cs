namespace Provisioner.Agent.Runtime;

/// <summary>
/// What the owner of a <see cref="NodeRequestLoop"/> does around each answer: <see cref="BeforeReply"/> may hold
/// an answer back (false: nothing is published), <see cref="AfterReply"/> carries out what the answer set off.
/// </summary>
public sealed record NodeRequestHooks(
    Func<NodeResponse, CancellationToken, ValueTask<bool>> BeforeReply,
    Func<NodeRuntime, NodeResponse, CancellationToken, ValueTask> AfterReply);
