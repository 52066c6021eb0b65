using Provisioner.Agent.Brokers;
using Provisioner.Agent.Files;
using Provisioner.Agent.Renewal;
using Provisioner.Agent.Upgrades;
using Provisioner.Security.Pki;

namespace Provisioner.Agent.Runtime;

/// <summary>How to run one real node agent (<c>provisioner agent run</c>).</summary>
public sealed record NodeAgentOptions
{
    /// <summary>The Choria-like configuration directory (server.conf, provisioning.jwt, server.seed, ...).</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>The provisioning token file; absent means <c>&lt;ConfigDirectory&gt;/provisioning.jwt</c>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>The node's identity; absent means the configuration's <c>identity</c>, else the host name.</summary>
    public string? Identity { get; init; }

    public PkiKeyAlgorithm CsrKeyAlgorithm { get; init; } = PkiKeyAlgorithm.Rsa2048;

    /// <summary>Replaces Choria's random restart and shutdown delays; tests use a short one.</summary>
    public TimeSpan? EffectDelay { get; init; }

    /// <summary>How often the <c>chrd</c> registration data is published.</summary>
    public TimeSpan RegistrationInterval { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How often the node publishes its <c>alive</c> lifecycle event (Choria: 30 minutes).</summary>
    public TimeSpan AliveInterval { get; init; } = AliveSchedule.ChoriaInterval;

    /// <summary>When the first <c>alive</c> event goes out after <c>startup</c>; null draws it as Choria does.</summary>
    public TimeSpan? AliveFirstDelay { get; init; }

    /// <summary>The version the agent reports in inventory and startup events.</summary>
    public string Version { get; init; } = AgentVersion.Current;

    /// <summary>How <c>release_update</c> installs a release; none means every update is refused with a reason.</summary>
    public IReleaseInstaller Releases { get; init; } = NoReleaseInstaller.Instance;

    /// <summary>
    /// Starts the installed release in this process's place; returns only when it could not, with why. Null leaves the
    /// restart to the supervisor: the agent exits with code 1 after an update.
    /// </summary>
    public Func<string>? Relaunch { get; init; }

    /// <summary>When a provisioned node goes back to provisioning to renew its credentials; null never renews ahead of expiry.</summary>
    public RenewalPolicy? Renewal { get; init; } = RenewalPolicy.Default;

    public ISrvLookup SrvLookup { get; init; } = new DnsSrvLookup();
    public INodeFileStore Files { get; init; } = new DiskFileStore();
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
