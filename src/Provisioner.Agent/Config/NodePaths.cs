using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Config;

/// <summary>
/// Where a node keeps what provisioning gives it, laid out as Choria does under its configuration directory:
/// the provisioning token, <c>server.conf</c>, <c>server.seed</c>, <c>server.jwt</c>, our <c>nats.jwt</c>,
/// TLS files in the ssl directory and policies under <c>policies/</c>.
/// </summary>
public sealed record NodePaths
{
    public NodePaths(string configDirectory, string? tokenFile = null)
    {
        if (string.IsNullOrWhiteSpace(configDirectory))
        {
            throw new ArgumentException("the configuration directory is empty", nameof(configDirectory));
        }
        ConfigDirectory = configDirectory.Length > 1 ? configDirectory.TrimEnd('/') : configDirectory;
        TokenFile = string.IsNullOrWhiteSpace(tokenFile) ? Path.Combine(ConfigDirectory, "provisioning.jwt") : tokenFile;
    }

    public string ConfigDirectory { get; }

    /// <summary>The provisioning token (<c>provisioning.jwt</c> unless given).</summary>
    public string TokenFile { get; }

    public string ConfigFile => Path.Combine(ConfigDirectory, "server.conf");

    /// <summary>The hex Ed25519 seed <c>gen25519</c> writes.</summary>
    public string SeedFile => Path.Combine(ConfigDirectory, "server.seed");

    public string ServerJwtFile => Path.Combine(ConfigDirectory, "server.jwt");

    /// <summary>The NATS user JWT of a provisioned server (our extension of <c>configure</c>).</summary>
    public string NatsJwtFile => Path.Combine(ConfigDirectory, "nats.jwt");

    public string PoliciesDirectory => Path.Combine(ConfigDirectory, "policies");

    public string RegoPoliciesDirectory => Path.Combine(PoliciesDirectory, "rego");

    public string DefaultSslDirectory => Path.Combine(ConfigDirectory, "ssl");

    /// <summary>The ssl directory <paramref name="config"/> names, or the default one.</summary>
    public string SslDirectory(ServerConfig config) => config.Get(ServerConfigKeys.SslDir) ?? DefaultSslDirectory;
}
