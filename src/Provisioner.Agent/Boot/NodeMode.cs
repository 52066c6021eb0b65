namespace Provisioner.Agent.Boot;

/// <summary>How a node runs after boot.</summary>
public enum NodeMode
{
    /// <summary>Unconfigured: collective <c>provisioning</c>, waiting for a provisioner to drive it.</summary>
    Provisioning,

    /// <summary>Configured: connects with its issued credentials and announces itself as a <c>server</c>.</summary>
    Provisioned,
}
