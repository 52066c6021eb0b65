using System.Reflection;
using System.Runtime.InteropServices;
using NATS.Client.Core;
using Provisioner.Agent.Runtime;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;

namespace Provisioner.Agent.Actions;

/// <summary>
/// The <c>choria_util</c> agent's <c>info</c>: what a Choria server reports about its middleware connection, filled
/// with this agent's own values. Facter is not used here, so its domain and command are empty, as on a Choria server
/// without facter; NATS.Net keeps its message counters internal, so <c>client_stats</c> are Go's zero values. The
/// autonomous-agent actions (<c>machine_states</c>, <c>machine_state</c>, <c>machine_transition</c>) are unknown,
/// since this agent runs no machines.
/// </summary>
public static class ChoriaUtilActions
{
    public const string Agent = AgentNames.ChoriaUtil;

    /// <summary>Go writes <c>choria</c> for both, whatever the configured provider: the names of Choria's plugin families.</summary>
    public const string SecurityPlugin = "choria";
    public const string ConnectorPlugin = "choria";

    /// <summary>The middleware client library's version, as Go reports <c>nats.Version</c>.</summary>
    public static string ClientVersion { get; } = LibraryVersion(typeof(NatsConnection).Assembly);

    /// <summary>Library and runtime, as Go reports <c>nats.go go1.x</c>.</summary>
    public static string ClientFlavour { get; } = $"NATS.Net {RuntimeInformation.FrameworkDescription}";

    public static ActionOutcome Invoke(string action, NodeContext node, BrokerConnection broker)
    {
        if (action != "info")
        {
            return ActionOutcome.Failed(action, StatusCode.UnknownAction, ActionMessages.UnknownAction(action, Agent));
        }
        var info = new ChoriaUtilInfoReply(
            SecurityPlugin,
            ConnectorPlugin,
            ClientVersion,
            ClientFlavour,
            new ChoriaUtilClientOptions(
                broker.Servers,
                broker.NoRandomize,
                broker.Name,
                // NATS.Net never asks the server for pedantic checking.
                false,
                broker.Secure,
                broker.MaxReconnect != 0,
                broker.MaxReconnect,
                broker.ReconnectWait.TotalSeconds,
                broker.ConnectTimeout.TotalSeconds,
                broker.PingInterval.TotalSeconds,
                broker.MaxPingsOut),
            ChoriaUtilClientStats.None,
            broker.ConnectedServer,
            "",
            "",
            broker.SrvDomain ?? "",
            broker.SrvDomain is not null,
            broker.HostPorts,
            Environment.GetEnvironmentVariable("PATH") ?? "",
            $"choria {node.Version}",
            // Requests and replies go unsigned (signature "insecure"): this agent speaks insecure provisioning only.
            false,
            // Go reports whether its build can do TLS; this agent always can.
            true);
        return ActionOutcome.Of(RpcReplyBody.Ok(action, RpcData.From(info)));
    }

    private static string LibraryVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "";
        var build = version.IndexOf('+', StringComparison.Ordinal);
        return (build < 0 ? version : version[..build]).Trim();
    }
}
