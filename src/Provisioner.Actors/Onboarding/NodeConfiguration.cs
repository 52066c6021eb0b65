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

    /// <summary>
    /// <paramref name="config"/> switched to Choria's <c>choria</c> security provider (choria-v2 §3.3), for a node that
    /// speaks protocol v2 and holds a server JWT issued through the org issuer chain: it presents
    /// <c>server.jwt</c>/<c>server.seed</c> from <paramref name="seedDirectory"/> and trusts the org issuer of
    /// <paramref name="ou"/>. The x509 file provider's keys and the server token keys go, as Choria refuses them beside
    /// the <c>choria</c> provider, and a lone <c>mcollective</c> collective becomes <c>choria</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForChoriaProvider(
        IReadOnlyDictionary<string, string> config, string seedDirectory, string ou, string orgIssuerHex)
    {
        var choria = new SortedDictionary<string, string>(config.ToDictionary(), StringComparer.Ordinal);
        foreach (var key in new[] { ServerConfigKeys.FileCertificate, ServerConfigKeys.FileKey, ServerConfigKeys.FileCa, ServerConfigKeys.ServerSeedFile, ServerConfigKeys.ServerTokenFile })
        {
            choria.Remove(key);
        }
        choria[ServerConfigKeys.SecurityProvider] = "choria";
        choria[ServerConfigKeys.ChoriaTokenFile] = Path.Combine(seedDirectory, "server.jwt");
        choria[ServerConfigKeys.ChoriaSeedFile] = Path.Combine(seedDirectory, "server.seed");
        choria[ServerConfigKeys.IssuerNames] = ou;
        choria[ServerConfigKeys.IssuerPublicKey(ou)] = orgIssuerHex;
        if (choria.TryGetValue(ServerConfigKeys.Collectives, out var collectives) && collectives.Trim() == "mcollective")
        {
            choria[ServerConfigKeys.Collectives] = "choria";
        }
        return choria;
    }
}
