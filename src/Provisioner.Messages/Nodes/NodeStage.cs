namespace Provisioner.Messages.Nodes;

/// <summary>Where one machine stands in its onboarding; each stage names what has been proven or done so far.</summary>
public enum NodeStage
{
    /// <summary>Never announced, or nothing happened yet.</summary>
    Unknown,
    Discovered,
    TokenChecked,
    KeyProven,
    Inventoried,
    CsrAccepted,
    Signed,
    JwtIssued,
    Configured,
    ShuttingDown,
    Provisioned,
    Failed,
    Deferred,
    ShutDown,
}
