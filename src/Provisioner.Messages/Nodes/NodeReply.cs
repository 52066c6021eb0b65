namespace Provisioner.Messages.Nodes;

/// <summary>How an entity answered a command.</summary>
public enum NodeReplyCode
{
    /// <summary>Done as asked.</summary>
    Ok,

    /// <summary>Nothing to do: an idempotent repeat (an attempt already runs, or the node was just provisioned).</summary>
    NoOp,

    /// <summary>Not valid now; <see cref="NodeReply.Reason"/> says why.</summary>
    Rejected,
}

/// <summary>The answer to a <see cref="NodeCommands"/> command.</summary>
public sealed record NodeReply(string Identity, NodeReplyCode Code, string Reason, NodeStage Stage)
{
    public static NodeReply Ok(string identity, NodeStage stage) => new(identity, NodeReplyCode.Ok, "", stage);
    public static NodeReply NoOp(string identity, NodeStage stage, string reason) => new(identity, NodeReplyCode.NoOp, reason, stage);
    public static NodeReply Rejected(string identity, NodeStage stage, string reason) => new(identity, NodeReplyCode.Rejected, reason, stage);
}
