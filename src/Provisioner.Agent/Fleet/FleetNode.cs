using Provisioner.Agent.Actions;
using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using Provisioner.Agent.Runtime;
using Provisioner.Security.Files;

namespace Provisioner.Agent.Fleet;

/// <summary>
/// One virtual node: its in-memory files, its injected faults (each shown once), its current runtime and
/// how far it got. The simulator drives it; the protocol itself is all in the shared <see cref="NodeRuntime"/>.
/// </summary>
internal sealed class FleetNode(string identity, string token, IReadOnlySet<FleetFault> faults, int connection, bool? protocolV2 = null) : IActionFaults
{
    private readonly Lock _gate = new();
    private readonly HashSet<FleetFault> _pending = [.. faults];

    public string Identity { get; } = identity;
    public IReadOnlySet<FleetFault> Faults { get; } = faults;
    public int Connection { get; } = connection;

    /// <summary>The protocol this node speaks instead of its token's claim; null follows the token.</summary>
    public bool? ProtocolV2 { get; } = protocolV2;

    /// <summary>Whether the node last booted into provisioning mode speaking protocol v2.</summary>
    public bool SpokeProtocolV2 { get; set; }
    public MemoryFileStore Files { get; } = CreateFiles(identity, token);
    public NodePaths Paths { get; } = new(ConfigDirectoryOf(identity));

    public NodeRuntime? Runtime { get; set; }

    /// <summary>Held while the node boots again, so a reboot and a restart do not interleave.</summary>
    public SemaphoreSlim Life { get; } = new(1, 1);

    /// <summary>Stops the node's provisioning subscription once it finished.</summary>
    public CancellationTokenSource? StopServing { get; set; }
    public FleetNodeState State { get; private set; } = FleetNodeState.Waiting;
    public int Announcements;
    public int Upgrades;
    public int Provisionings;

    /// <summary>The version the node reports; a release_update changes it.</summary>
    public string Version { get; set; } = "";

    /// <summary>See <see cref="FleetNodeResult.RenewedAtShares"/>; written only by the node's own renewal loop.</summary>
    public List<double> RenewedAtShares { get; } = [];

    private int _slotReleased;

    /// <summary>True the first time only: a node gives its concurrency slot back once, when first provisioned or finished.</summary>
    public bool TakeSlotRelease() => Interlocked.Exchange(ref _slotReleased, 1) == 0;
    public int Requests;
    public string? LastAction { get; set; }

    /// <summary>When the node first announced itself (a <see cref="TimeProvider"/> timestamp); later announcements leave it.</summary>
    public long? AnnouncedAt { get; set; }
    public TimeSpan? TimeToProvision { get; set; }

    // The last time the node answered each agent#action: after retries and reboots, the final attempt's.
    private readonly Dictionary<string, long> _answered = [];

    /// <summary>Notes that the node published its reply to <paramref name="action"/> (<c>agent#action</c>) at <paramref name="timestamp"/>.</summary>
    public void Answered(string action, long timestamp)
    {
        lock (_gate)
        {
            _answered[action] = timestamp;
        }
    }

    public bool Has(FleetFault fault) => Faults.Contains(fault);

    /// <summary>True the first time the node's fault shows, false ever after.</summary>
    public bool TakeOnce(FleetFault fault)
    {
        lock (_gate)
        {
            return _pending.Remove(fault);
        }
    }

    /// <summary>Moves to <paramref name="state"/> unless the node already finished; true when it moved.</summary>
    public bool MoveTo(FleetNodeState state)
    {
        lock (_gate)
        {
            if (IsFinished(State))
            {
                return false;
            }
            State = state;
            return true;
        }
    }

    public static bool IsFinished(FleetNodeState state) => state is FleetNodeState.Provisioned or FleetNodeState.ShutDown or FleetNodeState.Failed;

    public bool CorruptNonceSignature() => TakeOnce(FleetFault.BadSignature);

    public string? ReplaceCommonName(string requested) => TakeOnce(FleetFault.WrongCommonName) ? "impostor." + requested : null;

    public bool RefuseRestart() => TakeOnce(FleetFault.NoRestart);

    // Every time: a server without the exchange never has it.
    public bool WithholdEcdhPublic() => Has(FleetFault.NoEcdh);

    /// <param name="clock">The clock the timestamps came from, to turn them into times since the first announcement.</param>
    public FleetNodeResult Result(TimeProvider clock)
    {
        Dictionary<string, TimeSpan> answered;
        lock (_gate)
        {
            answered = AnnouncedAt is { } announced
                ? _answered.ToDictionary(a => a.Key, a => clock.GetElapsedTime(announced, a.Value))
                : [];
        }
        return new(Identity, State, [.. Faults.Order()], Announcements, Requests, LastAction, TimeToProvision, answered)
        {
            Version = Version,
            Upgrades = Upgrades,
            Provisionings = Provisionings,
            RenewedAtShares = [.. RenewedAtShares],
            SpeaksProtocolV2 = SpokeProtocolV2,
        };
    }

    private static string ConfigDirectoryOf(string identity) => "/fleet/" + identity;

    private static MemoryFileStore CreateFiles(string identity, string token)
    {
        var files = new MemoryFileStore();
        files.WriteText(new NodePaths(ConfigDirectoryOf(identity)).TokenFile, token, FileModes.Public);
        return files;
    }
}
