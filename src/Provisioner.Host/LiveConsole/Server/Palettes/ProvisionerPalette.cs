using System.Globalization;
using Akka.Actor;
using Provisioner.Messages.Fleet;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary><c>provisioner</c>: the provisioning leader's view of the work (spec §8 counters), and pausing it.</summary>
public sealed class ProvisionerPalette(IActorRef leader, TimeSpan askTimeout) : ICommandPalette
{
    public string Name => "provisioner";

    public string Help => "The provisioning leader: status, pause and resume";

    public IReadOnlyList<ConsoleCommand> Commands =>
    [
        new("status", "Leader, paused, queued, in flight and the provisioning counters", [], (i, c) => AskAsync(i, new LeaderMessages.GetStatus(), c)),
        new("pause", "Stop starting attempts (running ones finish)", [], (i, c) => AskAsync(i, new LeaderMessages.Pause(i.Caller), c)) { ChangesState = true },
        new("resume", "Start attempts again and sweep at once", [], (i, c) => AskAsync(i, new LeaderMessages.Resume(i.Caller), c)) { ChangesState = true },
    ];

    private async Task AskAsync(CommandInvocation invocation, object question, CancellationToken cancellation)
    {
        var status = await leader.Ask<LeaderStatus>(question, askTimeout, cancellation);
        IReadOnlyList<IReadOnlyList<string>> rows =
        [
            ["leader", status.LeaderAddress],
            ["paused", status.Paused ? "yes" : "no"],
            ["queued", N(status.Queued)],
            ["in flight", $"{N(status.InFlight)} of {N(status.MaxInFlight)}"],
            ["discovered", N(status.Discovered)],
            ["event discovered", N(status.EventDiscovered)],
            ["discover cycles", N(status.DiscoverCycles)],
            ["provisioned", N(status.Provisioned)],
            ["failed", N(status.Failed)],
            ["last sweep", status.LastSweep?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "-"],
        ];
        await invocation.TableAsync(["field", "value"], rows, cancellation);
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
