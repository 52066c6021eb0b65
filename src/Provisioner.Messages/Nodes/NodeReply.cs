namespace Provisioner.Messages.Nodes;

/// <summary>The answer to a <see cref="NodeCommands"/> command.</summary>
public sealed record NodeReply(string Identity, NodeReplyCode Code, string Reason, NodeStage Stage) : IProvisionerMessage
{
    public static NodeReply Ok(string identity, NodeStage stage) => new(identity, NodeReplyCode.Ok, "", stage);
    public static NodeReply NoOp(string identity, NodeStage stage, string reason) => new(identity, NodeReplyCode.NoOp, reason, stage);
    public static NodeReply Rejected(string identity, NodeStage stage, string reason) => new(identity, NodeReplyCode.Rejected, reason, stage);
}
