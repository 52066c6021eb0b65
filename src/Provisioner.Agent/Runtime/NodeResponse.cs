using Provisioner.Agent.Actions;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// What a node does with one incoming message: publish <see cref="Events"/>, then <see cref="Reply"/> to
/// <see cref="ReplySubject"/>, then carry out <see cref="Effect"/>. A dropped message (undecodable, expired,
/// not for this node) has no reply and says why in <see cref="DropReason"/>.
/// </summary>
public sealed record NodeResponse(
    string Agent,
    string Action,
    string? ReplySubject,
    byte[]? Reply,
    StatusCode? Status,
    string? StatusMessage,
    IReadOnlyList<LifecycleEvent> Events,
    NodeEffect? Effect,
    string? DropReason)
{
    public bool IsDropped => Reply is null;

    public static NodeResponse Dropped(string reason, string agent = "", string action = "") =>
        new(agent, action, null, null, null, null, [], null, reason);
}
