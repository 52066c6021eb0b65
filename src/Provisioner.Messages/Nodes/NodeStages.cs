namespace Provisioner.Messages.Nodes;

/// <summary>Facts about stages that the leader, the console and the entity share.</summary>
public static class NodeStages
{
    /// <summary>True while an attempt runs; false before the first attempt and after an attempt ends.</summary>
    public static bool IsRunning(this NodeStage stage) => stage is not (NodeStage.Unknown or NodeStage.Provisioned or NodeStage.Failed or NodeStage.Deferred or NodeStage.ShutDown);

    /// <summary>The step to run next in this stage, or null when nothing is pending.</summary>
    public static ProvisioningStep? PendingStep(this NodeStage stage) => stage switch
    {
        NodeStage.Started => ProvisioningStep.Jwt,
        NodeStage.TokenChecked => ProvisioningStep.Gen25519,
        NodeStage.KeyProven => ProvisioningStep.Inventory,
        NodeStage.Inventoried => ProvisioningStep.Gencsr,
        NodeStage.CsrAccepted => ProvisioningStep.Sign,
        NodeStage.Signed => ProvisioningStep.IssueServerJwt,
        NodeStage.JwtIssued => ProvisioningStep.Configure,
        NodeStage.Configured => ProvisioningStep.Restart,
        NodeStage.ShuttingDown => ProvisioningStep.Shutdown,
        _ => null,
    };
}
