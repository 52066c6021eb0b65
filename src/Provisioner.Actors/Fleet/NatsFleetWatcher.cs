using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Actors.Rpc;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;

namespace Provisioner.Actors.Fleet;

/// <summary>
/// Finds machines over NATS: a plain subscription (every leader sees every event) to
/// <c>choria.lifecycle.event.startup.&lt;component&gt;</c>, and the broadcast discovery ping.
/// </summary>
public sealed class NatsFleetWatcher(INatsConnection connection, ChoriaRpcClient rpc, string lifecycleComponent, ILogger? logger = null) : IFleetWatcher
{
    private readonly ILogger _log = logger ?? NullLogger.Instance;

    public IAsyncDisposable WatchStartups(Action<string> onStartup)
    {
        var stop = new CancellationTokenSource();
        var subject = Subjects.Lifecycle(LifecycleEvent.NameOf(LifecycleEventType.Startup), lifecycleComponent);
        var loop = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in connection.SubscribeAsync<byte[]>(subject, cancellationToken: stop.Token))
                {
                    Handle(message.Data, onStartup);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });
        return new Subscription(stop, loop);
    }

    private void Handle(byte[]? data, Action<string> onStartup)
    {
        try
        {
            var e = LifecycleCodec.Parse(data ?? []);
            if (e.Type == LifecycleEventType.Startup && Subjects.IsValidIdentity(e.Identity))
            {
                onStartup(e.Identity);
            }
        }
        catch (ChoriaProtocolException error)
        {
            _log.LogWarning("ignoring malformed lifecycle event: {Reason}", error.Message);
        }
    }

    public async Task<IReadOnlyCollection<string>> DiscoverAsync(CancellationToken cancellation) =>
        (await rpc.DiscoverAsync(cancellationToken: cancellation)).Where(Subjects.IsValidIdentity).ToList();

    private sealed class Subscription(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await loop.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (TimeoutException)
            {
            }
            stop.Dispose();
        }
    }
}
