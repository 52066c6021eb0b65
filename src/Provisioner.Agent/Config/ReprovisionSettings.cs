using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Config;

/// <summary>
/// The configuration a node writes to go back to provisioning (<c>reprovision</c>, and renewal before expiry):
/// provisioning on and debug logging as Choria writes it, keeping the log file, and keeping a configured identity,
/// which would otherwise fall back to the host name.
/// </summary>
public static class ReprovisionSettings
{
    public static Dictionary<string, string> For(ServerConfig current)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ServerConfigKeys.Provision] = "1",
            [ServerConfigKeys.LogLevel] = "debug",
        };
        foreach (var kept in new[] { ServerConfigKeys.LogFile, ServerConfigKeys.Identity })
        {
            if (current.Get(kept) is { } value)
            {
                settings[kept] = value;
            }
        }
        return settings;
    }
}
