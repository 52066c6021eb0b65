using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Actions;

/// <summary>
/// What an action produced: the reply body, the lifecycle events to publish before the reply (as Choria emits
/// <c>provisioned</c> before answering <c>configure</c>), and what to do after replying.
/// </summary>
public sealed record ActionOutcome(RpcReplyBody Reply, IReadOnlyList<LifecycleEventType> Events, NodeEffect? Effect)
{
    /// <summary>The version an <c>upgraded</c> event among <see cref="Events"/> reports as <c>new_version</c>.</summary>
    public string? UpgradedTo { get; init; }

    public static ActionOutcome Of(RpcReplyBody reply) => new(reply, [], null);

    public static ActionOutcome Failed(string action, StatusCode code, string message) => Of(RpcReplyBody.Failed(action, code, message));
}
