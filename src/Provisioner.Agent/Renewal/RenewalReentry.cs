using Provisioner.Agent.Config;
using Provisioner.Agent.Files;

namespace Provisioner.Agent.Renewal;

/// <summary>
/// Sends a provisioned node back to provisioning to renew its credentials: it writes the configuration
/// <c>reprovision</c> writes (identity kept), so the next boot provisions; boot then drops the old seed and JWTs.
/// </summary>
public static class RenewalReentry
{
    /// <exception cref="ServerConfigException">The configuration could not be written.</exception>
    public static void Write(INodeFileStore files, NodePaths paths, ServerConfig current, RenewalDue due, TimeProvider clock)
    {
        var header = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"renewing {due.Credential.Name} at {due.ShareOfLifetime * 100:0}% of its lifetime, {clock.GetUtcNow():u}");
        ServerConfigWriter.Write(files, paths.ConfigFile, ReprovisionSettings.For(current), header);
    }
}
