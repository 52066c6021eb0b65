using Provisioner.Messages.Wire;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// The server configuration our built-in signer sends: the operator's settings plus what every provisioned
/// node needs (its identity, provisioning switched off, where its certificate and keys are).
/// </summary>
public static class NodeConfiguration
{
    public static IReadOnlyDictionary<string, string> For(string identity, string sslDir, string seedDirectory, IReadOnlyDictionary<string, string> operatorSettings)
    {
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ServerConfigKeys.Identity] = identity,
            [ServerConfigKeys.SecurityProvider] = "file",
            [ServerConfigKeys.FileCertificate] = Path.Combine(sslDir, "certificate.pem"),
            [ServerConfigKeys.FileKey] = Path.Combine(sslDir, "private.pem"),
            [ServerConfigKeys.FileCa] = Path.Combine(sslDir, "ca.pem"),
            [ServerConfigKeys.ServerSeedFile] = Path.Combine(seedDirectory, "server.seed"),
            [ServerConfigKeys.ServerTokenFile] = Path.Combine(seedDirectory, "server.jwt"),
        };
        foreach (var (key, value) in operatorSettings)
        {
            config[key] = value;
        }
        // Whatever the operator wrote, a provisioned node must not stay in provisioning mode.
        config[ServerConfigKeys.Provision] = "false";
        return config;
    }
}
