namespace Provisioner.Messages.Lifecycle;

/// <summary>The Choria lifecycle events a provisioning node or the provisioner emits.</summary>
public enum LifecycleEventType
{
    Startup,
    Shutdown,
    Provisioned,
    Alive,
    Upgraded,
}
