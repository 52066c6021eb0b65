namespace Provisioner.Security.Broker;

/// <summary>Choices for a new broker: where the provisioner may connect from, and how long the minted user JWTs last.</summary>
public sealed record BrokerSetupOptions(
    IReadOnlyList<string> ProvisionerNetworks,
    TimeSpan ProvisionerValidity,
    TimeSpan ProvisioningModeValidity)
{
    /// <summary>The provisioner on this host; both JWTs valid for a year.</summary>
    public static BrokerSetupOptions Default { get; } = new(["127.0.0.1/32"], TimeSpan.FromDays(365), TimeSpan.FromDays(365));
}
