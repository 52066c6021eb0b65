namespace Provisioner.Agent;

/// <summary>The version the agent reports in inventory and startup events: the Choria release whose protocol it speaks.</summary>
public static class AgentVersion
{
    public const string Current = "0.29.4";
}
