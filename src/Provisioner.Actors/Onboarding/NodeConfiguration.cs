using Provisioner.Messages.Wire;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// The server configuration our built-in signer sends: the operator's settings plus what every provisioned
/// node needs (its identity, provisioning switched off, where its certificate and keys are).
/// </summary>
public static class NodeConfiguration
{
    /// <summary>
    /// The operator's node settings with the fleet's defaults: nodes connect to the fleet brokers, else to the
    /// provisioning broker; and they join the collectives their server JWT grants, because left to its own default
    /// a node may pick another one and the broker refuses its subscriptions. The operator's values win.
    /// </summary>
    public static IReadOnlyDictionary<string, string> OperatorDefaults(
        IReadOnlyDictionary<string, string> operatorSettings, string provisioningBrokerUrl, string fleetBrokerUrls, ServerJwtPolicy policy)
    {
        var node = new Dictionary<string, string>(operatorSettings, StringComparer.Ordinal);
        node.TryAdd(ServerConfigKeys.MiddlewareHosts, string.IsNullOrWhiteSpace(fleetBrokerUrls) ? provisioningBrokerUrl : fleetBrokerUrls);
        node.TryAdd(ServerConfigKeys.Collectives, string.Join(",", ServerJwtIssuer.CollectivesFor(null, null, policy)));
        return node;
    }

    /// <param name="seedDirectory">Where gen25519 wrote the node's seed; null when the ed25519 feature is off.</param>
    public static IReadOnlyDictionary<string, string> For(string identity, string sslDir, string? seedDirectory, IReadOnlyDictionary<string, string> operatorSettings)
    {
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ServerConfigKeys.Identity] = identity,
            [ServerConfigKeys.SecurityProvider] = "file",
            [ServerConfigKeys.FileCertificate] = Path.Combine(sslDir, "certificate.pem"),
            [ServerConfigKeys.FileKey] = Path.Combine(sslDir, "private.pem"),
            [ServerConfigKeys.FileCa] = Path.Combine(sslDir, "ca.pem"),
        };
        if (seedDirectory is not null)
        {
            config[ServerConfigKeys.ServerSeedFile] = Path.Combine(seedDirectory, "server.seed");
            config[ServerConfigKeys.ServerTokenFile] = Path.Combine(seedDirectory, "server.jwt");
        }
        foreach (var (key, value) in operatorSettings)
        {
            config[key] = value;
        }
        // Whatever the operator wrote, a provisioned node must not stay in provisioning mode.
        config[ServerConfigKeys.Provision] = "false";
        return config;
    }
}
