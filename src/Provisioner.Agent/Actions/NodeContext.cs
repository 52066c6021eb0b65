using System.Text.Json;
using Provisioner.Agent.Boot;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Agent.Upgrades;
using Provisioner.Messages.Wire;
using Provisioner.Security.Pki;

namespace Provisioner.Agent.Actions;

/// <summary>
/// Everything one node's actions work with: its files, what it decided at boot (identity, mode, configuration,
/// provisioning token), how it makes CSR keys, its clock, and for the simulator injected faults, a fixed delay
/// for restarts and shutdowns, and facts held in memory.
/// </summary>
public sealed record NodeContext
{
    public required INodeFileStore Files { get; init; }
    public required NodePaths Paths { get; init; }
    public required NodeBootState Boot { get; init; }

    /// <summary>RSA-2048 as Choria makes them; the simulator uses ECDSA P-256, which costs far less to generate.</summary>
    public PkiKeyAlgorithm CsrKeyAlgorithm { get; init; } = PkiKeyAlgorithm.Rsa2048;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public IActionFaults Faults { get; init; } = ActionFaults.None;

    /// <summary>Replaces Choria's random restart and shutdown delays (random(splay)+2 s, 0–9 s), e.g. to keep tests short.</summary>
    public TimeSpan? EffectDelay { get; init; }

    /// <summary>The facts inventory reports; null reads the token's <c>chf</c> file.</summary>
    public JsonElement? Facts { get; init; }

    /// <summary>How <c>release_update</c> installs a release; a node given none refuses every update.</summary>
    public IReleaseInstaller Releases { get; init; } = NoReleaseInstaller.Instance;

    /// <summary>
    /// Whether <c>release_update</c> may run and inventory reports <c>upgradable</c>: the provisioning token's <c>update</c>
    /// claim or <c>plugin.choria.server.provision.allow_update</c>, both off by default as in Choria.
    /// </summary>
    public bool UpdatesAllowed => Boot.Token?.AllowUpdate == true || SafeAllowUpdate();

    /// <summary>The version inventory and startup events report.</summary>
    public string Version { get; init; } = AgentVersion.Current;

    /// <summary>
    /// Replaces the provisioning token's <c>v2</c> claim for a simulated node, as Choria's build flag would if the
    /// token did not overwrite it; null (the real agent) follows the token.
    /// </summary>
    public bool? ProtocolV2Override { get; init; }

    /// <summary>
    /// Whether the node speaks protocol v2. In provisioning mode the token's <c>v2</c> claim decides (choria-v2 §3.1),
    /// so the same agent answers v2 with <c>v2:true</c> and v1 without; provisioned, the security provider does, as
    /// there is no negotiation: <c>choria</c> means v2 (§1.0).
    /// </summary>
    public bool SpeaksProtocolV2 => Mode == NodeMode.Provisioning
        ? ProtocolV2Override ?? Boot.Token?.ProtocolV2 ?? false
        : Boot.Config.Get(ServerConfigKeys.SecurityProvider) == "choria";

    public string Identity => Boot.Identity;

    private bool SafeAllowUpdate()
    {
        try
        {
            return Boot.Config.GetBool(ServerConfigKeys.AllowUpdate) == true;
        }
        catch (ServerConfigException)
        {
            return false;
        }
    }
    public NodeMode Mode => Boot.Mode;
}
