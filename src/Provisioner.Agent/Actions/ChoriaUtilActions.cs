using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using NATS.Client.Core;
using Provisioner.Agent.Runtime;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;

namespace Provisioner.Agent.Actions;

/// <summary>
/// The <c>choria_util</c> agent. <c>info</c> is what a Choria server reports about its middleware connection, filled
/// with this agent's own values. Facter is not used here, so its domain and command are empty, as on a Choria server
/// without facter; NATS.Net keeps its message counters internal, so <c>client_stats</c> are Go's zero values. The
/// autonomous-agent actions (<c>machine_states</c>, <c>machine_state</c>, <c>machine_transition</c>) answer as a
/// Choria server whose machine host never started, which is every server in provisioning mode: no machines, and
/// transitions fail.
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

    /// <summary>Go's error when a transition is asked of a server whose machine host never started.</summary>
    public const string NoMachineHost = "autonomous agent host not initialized";

    public static ActionOutcome Invoke(string action, JsonElement data, NodeContext node, BrokerConnection broker) => action switch
    {
        "info" => Info(action, node, broker),
        "machine_states" => ActionOutcome.Of(RpcReplyBody.Ok(action, RpcData.From(ChoriaMachineStatesReply.None))),
        "machine_state" => MachineState(action, data),
        "machine_transition" => MachineTransition(action, data),
        _ => ActionOutcome.Failed(action, StatusCode.UnknownAction, ActionMessages.UnknownAction(action, Agent)),
    };

    // Go fills in the placeholder before it looks, so every refusal carries it as data.
    private static ActionOutcome MachineState(string action, JsonElement data)
    {
        if (!TryRead<ChoriaMachineStateRequest>(action, data, out var request, out var invalid))
        {
            return invalid;
        }
        var message = request.HasCriteria ? "No running machines" : "No search criteria given";
        return ActionOutcome.Of(new RpcReplyBody(action, StatusCode.Aborted, message, RpcData.From(ChoriaMachineState.Unknown)));
    }

    private static ActionOutcome MachineTransition(string action, JsonElement data)
    {
        if (!TryRead<ChoriaMachineTransitionRequest>(action, data, out var request, out var invalid))
        {
            return invalid;
        }
        return ActionOutcome.Of(new RpcReplyBody(
            action,
            StatusCode.Aborted,
            $"Could not perform {request.Transition} transition: {NoMachineHost}",
            RpcData.From(new ChoriaMachineTransitionReply(Success: false))));
    }

    private static bool TryRead<T>(string action, JsonElement data, out T request, out ActionOutcome invalid)
    {
        request = default!;
        invalid = null!;
        try
        {
            request = RpcData.Read<T>(RpcData.OrEmpty(data), $"{Agent}#{action}");
            return true;
        }
        catch (ChoriaProtocolException e)
        {
            invalid = ActionOutcome.Failed(action, StatusCode.InvalidData, $"Could not parse request data for {Agent}#{action}: {e.Message}");
            return false;
        }
    }

    private static ActionOutcome Info(string action, NodeContext node, BrokerConnection broker)
    {
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
