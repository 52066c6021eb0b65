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
