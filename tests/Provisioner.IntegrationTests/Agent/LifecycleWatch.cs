using System.Collections.Concurrent;
using NATS.Client.Core;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>Collects every lifecycle event published on a broker, to wait for a node's announcements.</summary>
internal sealed class LifecycleWatch : IAsyncDisposable
{
    private readonly ConcurrentQueue<LifecycleEvent> _events = new();
    private readonly INatsSub<byte[]> _subscription;
    private readonly Task _loop;

    private LifecycleWatch(INatsSub<byte[]> subscription)
    {
        _subscription = subscription;
        _loop = Task.Run(async () =>
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync())
            {
                try
                {
                    var lifecycleEvent = LifecycleCodec.Parse(message.Data ?? []);
                    _events.Enqueue(lifecycleEvent);
                    Arrived?.Invoke(lifecycleEvent);
                }
                catch (ChoriaProtocolException)
                {
                }
            }
        });
    }

    /// <summary>Raised on the watcher's thread for every event, as it arrives.</summary>
    public event Action<LifecycleEvent>? Arrived;

    public IReadOnlyCollection<LifecycleEvent> Events => _events.ToArray();

    public static async Task<LifecycleWatch> StartAsync(INatsConnection connection)
    {
        var subscription = await connection.SubscribeCoreAsync<byte[]>("choria.lifecycle.event.>");
        await connection.PingAsync();
        return new LifecycleWatch(subscription);
    }

    public IReadOnlyList<LifecycleEvent> Of(string identity) => [.. _events.Where(e => e.Identity == identity)];

    public async Task<LifecycleEvent> WaitForAsync(string identity, LifecycleEventType type, string component, int count = 1)
    {
        await Eventually.TrueAsync(
            () => Of(identity).Count(e => e.Type == type && e.Component == component) >= count,
            TimeSpan.FromSeconds(60),
            $"{identity} did not publish {count} {LifecycleEvent.NameOf(type)} event(s) for {component}; saw {string.Join(", ", Of(identity).Select(e => $"{e.TypeName}/{e.Component}"))}");
        return Of(identity).Last(e => e.Type == type && e.Component == component);
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.DisposeAsync();
        await _loop;
    }
}
