namespace Provisioner.Messages.Nodes;

/// <summary>Facts about stages that the leader, the console and the entity share.</summary>
public static class NodeStages
{
    /// <summary>True while an attempt runs; false before the first attempt and after an attempt ends.</summary>
    public static bool IsRunning(this NodeStage stage) => stage is not (NodeStage.Unknown or NodeStage.Provisioned or NodeStage.Failed or NodeStage.Deferred or NodeStage.ShutDown or NodeStage.Upgraded);
}
