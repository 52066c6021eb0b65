using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Actors.Rpc;
using Provisioner.Actors.Telemetry;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;

namespace Provisioner.Actors.Fleet;

/// <summary>
/// Finds machines over NATS: a plain subscription (every leader sees every event) to
/// <c>choria.lifecycle.event.startup.&lt;component&gt;</c>, and the broadcast discovery ping. An identity that breaks
/// <see cref="NodeIdentity"/> goes no further: it is counted in <c>choria_provisioner_invalid_identities</c> and
/// logged at most once per <see cref="InvalidReportInterval"/>, since anyone on the provisioning broker can send them.
/// </summary>
public sealed class NatsFleetWatcher : IFleetWatcher
{
    /// <summary>At most one log line per this long about dropped identities.</summary>
    public static readonly TimeSpan InvalidReportInterval = TimeSpan.FromSeconds(10);

    private readonly INatsConnection _connection;
    private readonly ChoriaRpcClient _rpc;
    private readonly string _lifecycleComponent;
    private readonly ILogger _log;
    private readonly RateLimitedLog _invalid;
    private readonly RateLimitedLog _malformed;

    public NatsFleetWatcher(INatsConnection connection, ChoriaRpcClient rpc, string lifecycleComponent, ILogger? logger = null)
    {
        _connection = connection;
        _rpc = rpc;
        _lifecycleComponent = lifecycleComponent;
        _log = logger ?? NullLogger.Instance;
        _invalid = new RateLimitedLog(InvalidReportInterval, TimeProvider.System, (problem, unwritten) =>
            _log.LogWarning("dropped an invalid identity: {Problem} ({Unwritten} more dropped since the last report)", problem, unwritten));
        _malformed = new RateLimitedLog(InvalidReportInterval, TimeProvider.System, (reason, unwritten) =>
            _log.LogWarning("ignoring malformed lifecycle event: {Reason} ({Unwritten} more ignored since the last report)", reason, unwritten));
    }

    public IAsyncDisposable WatchStartups(Action<string> onStartup)
    {
        var stop = new CancellationTokenSource();
        var subject = Subjects.Lifecycle(LifecycleEvent.NameOf(LifecycleEventType.Startup), _lifecycleComponent);
        var loop = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in _connection.SubscribeAsync<byte[]>(subject, cancellationToken: stop.Token))
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
            if (e.Type != LifecycleEventType.Startup)
            {
                return;
            }
            var problem = NodeIdentity.Problem(e.Identity);
            if (problem is not null)
            {
                Refuse("lifecycle", problem);
                return;
            }
            onStartup(e.Identity);
        }
        catch (ChoriaProtocolException error)
        {
            _malformed.Report(error.Message);
        }
    }

    public async Task<IReadOnlyCollection<string>> DiscoverAsync(CancellationToken cancellation) =>
        await _rpc.DiscoverAsync(invalidSender: problem => Refuse("discovery", problem), cancellationToken: cancellation);

    private void Refuse(string source, string problem)
    {
        ProvisionerMetrics.InvalidIdentities.WithLabels(source).Inc();
        _invalid.Report($"{source}: {problem}");
    }

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
