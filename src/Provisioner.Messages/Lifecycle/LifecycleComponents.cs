namespace Provisioner.Messages.Lifecycle;

/// <summary>The <c>component</c> values of lifecycle events in provisioning.</summary>
public static class LifecycleComponents
{
    /// <summary>A server while it is in provisioning mode; the provisioner listens for its startups.</summary>
    public const string ProvisionModeServer = "provision_mode_server";

    /// <summary>A server in normal operation.</summary>
    public const string Server = "server";

    /// <summary>The provisioner itself.</summary>
    public const string Provisioner = "provisioner";
}
