using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Provisioner.Messages.Lifecycle;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// Publishes a node's <c>alive</c> lifecycle events on its <see cref="AliveSchedule"/>, as a Choria server does from
/// the moment it has announced <c>startup</c>. Events fall due at fixed points (first delay, then whole intervals
/// after it), so a late wake-up does not shift the ones after it; after a clock jump past several of them one event
/// goes out and the cadence restarts from then, as Go's ticker drops ticks nobody took.
/// </summary>
public static class AliveAnnouncer
{
    /// <summary>Runs until cancelled; a failed publish is logged and the next event still goes out on time.</summary>
    public static async Task RunAsync(
        Func<LifecycleEvent> newEvent,
        Func<LifecycleEvent, CancellationToken, ValueTask> publish,
        AliveSchedule schedule,
        TimeProvider clock,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var due = clock.GetUtcNow() + schedule.FirstDelay;
        try
        {
            while (true)
            {
                var wait = due - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken);
                }
                var alive = newEvent();
                try
                {
                    await publish(alive, cancellationToken);
                }
                catch (Exception e) when (e is NatsException or ObjectDisposedException)
                {
                    logger.LogWarning("Could not publish the alive event of {Identity}: {Error}", alive.Identity, e.Message);
                }
                due += schedule.Interval;
                var now = clock.GetUtcNow();
                if (due < now)
                {
                    due = now + schedule.Interval;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
