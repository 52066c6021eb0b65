namespace Provisioner.Actors.Onboarding;

/// <summary>
/// The server configuration our built-in signer sends: the operator's settings plus what every provisioned
/// node needs (its identity, provisioning switched off, where its certificate and keys are).
/// </summary>
public static class NodeConfiguration
{
    /// <summary>The setting a restarted node reads to decide it is provisioned; it must be false (spec §2 step 10).</summary>
    public const string ProvisionKey = "plugin.choria.server.provision";

    public static IReadOnlyDictionary<string, string> For(string identity, string sslDir, string seedDirectory, IReadOnlyDictionary<string, string> operatorSettings)
    {
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["identity"] = identity,
            ["plugin.security.provider"] = "file",
            ["plugin.security.file.certificate"] = Path.Combine(sslDir, "certificate.pem"),
            ["plugin.security.file.key"] = Path.Combine(sslDir, "private.pem"),
            ["plugin.security.file.ca"] = Path.Combine(sslDir, "ca.pem"),
            ["plugin.choria.security.server.seed_file"] = Path.Combine(seedDirectory, "server.seed"),
            ["plugin.choria.security.server.token_file"] = Path.Combine(seedDirectory, "server.jwt"),
        };
        foreach (var (key, value) in operatorSettings)
        {
            config[key] = value;
        }
        // Whatever the operator wrote, a provisioned node must not stay in provisioning mode.
        config[ProvisionKey] = "false";
        return config;
    }
}
