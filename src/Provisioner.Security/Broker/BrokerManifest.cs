using System.Text.Json.Serialization;

namespace Provisioner.Security.Broker;

/// <summary>The public side of a broker setup (<c>broker.json</c>): which keys are which, no secrets.</summary>
public sealed record BrokerManifest(
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("system_account")] string SystemAccount,
    [property: JsonPropertyName("provisioning_account")] string ProvisioningAccount,
    [property: JsonPropertyName("provisioning_signing_key")] string ProvisioningSigningKey,
    [property: JsonPropertyName("fleet_account")] string FleetAccount,
    [property: JsonPropertyName("fleet_signing_key")] string FleetSigningKey,
    [property: JsonPropertyName("provisioner_user")] string ProvisionerUser,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("tls")] bool Tls);
