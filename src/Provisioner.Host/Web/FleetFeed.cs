using System.Data.Common;
using System.Threading.Channels;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;

namespace Provisioner.Host.Web;

/// <summary>
/// Follows the fleet for the web view's viewers: while at least one is subscribed it reads the journal from where it
/// stopped, asks the cluster for its members and leaders, and hands every subscriber the same snapshot once per
/// <c>interval</c>. With nobody watching it reads nothing, so a member no one looks at pays nothing for it.
/// </summary>
public sealed class FleetFeed : IAsyncDisposable
{
    private const int PageSize = 2000;
    // A first viewer of a large journal sees the catch-up advance rather than wait for all of it.
    private const int MaxPagesPerSnapshot = 20;

    private readonly Lock _gate = new();
    private readonly List<Channel<FleetSnapshot>> _subscribers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly FleetProjection _projection = new();
    private readonly JournalReader _journal;
    private readonly ClusterLoad _load;
    private readonly string _servedBy;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private Task? _loop;
    private FleetSnapshot? _latest;

    public FleetFeed(ActorSystem system, ProvisionerCluster cluster, TimeSpan interval, TimeProvider clock, ILogger logger)
    {
        _journal = new JournalReader(cluster.Journal);
        _load = new ClusterLoad(system, cluster, TimeSpan.FromSeconds(3));
        _servedBy = MemberAddress.Of(system);
        _interval = interval;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Snapshots from now on, starting with the latest one taken if there is one; dispose to stop.</summary>
    public FleetSubscription Subscribe()
    {
        // One slot: a slow viewer gets the newest snapshot, never a backlog.
        var channel = Channel.CreateBounded<FleetSnapshot>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            if (_latest is not null) channel.Writer.TryWrite(_latest);
            _subscribers.Add(channel);
            _loop ??= Task.Run(RunAsync);
        }
        return new FleetSubscription(channel.Reader, () => Unsubscribe(channel));
    }

    private void Unsubscribe(Channel<FleetSnapshot> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }
        channel.Writer.TryComplete();
    }

    private async Task RunAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_subscribers.Count == 0)
                {
                    _loop = null;
                    return;
                }
            }
            try
            {
                var snapshot = await TakeAsync(_stopping.Token);
                lock (_gate)
                {
                    _latest = snapshot;
                    foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(snapshot);
                }
                await Task.Delay(_interval, _clock, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The viewers keep the last snapshot and the loop tries again: a page must not freeze for good
                // because one round met something unforeseen.
                _logger.LogWarning(e, "web view: taking a snapshot of the fleet failed");
                await Task.Delay(_interval, _clock, CancellationToken.None);
            }
        }
    }

    private async Task<FleetSnapshot> TakeAsync(CancellationToken cancellation)
    {
        var problems = new List<string>();
        try
        {
            for (var page = 0; page < MaxPagesPerSnapshot; page++)
            {
                var entries = await _journal.EventsAfterAsync(_projection.ReadAfter, PageSize, cancellation);
                foreach (var entry in entries) _projection.Apply(entry);
                if (entries.Count < PageSize) break;
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            _logger.LogDebug("web view: reading the journal failed: {Message}", e.Message);
            problems.Add($"the journal could not be read: {e.Message}");
        }
        var (members, leader, loadProblem) = await _load.ReadAsync(_projection, cancellation);
        if (loadProblem is not null) problems.Add(loadProblem);
        var now = _clock.GetUtcNow();
        return new FleetSnapshot(now, _servedBy, _projection.Nodes, _projection.Funnel(), _projection.Outcomes(), _projection.Rate(now),
            members, leader, _projection.Failures(), problems.Count == 0 ? null : string.Join("; ", problems));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            foreach (var subscriber in _subscribers) subscriber.Writer.TryComplete();
        }
        if (loop is not null) await loop;
        _stopping.Dispose();
    }
}

/// <summary>One viewer's snapshots; disposing it ends them.</summary>
public sealed class FleetSubscription(ChannelReader<FleetSnapshot> snapshots, Action unsubscribe) : IDisposable
{
    public ChannelReader<FleetSnapshot> Snapshots { get; } = snapshots;

    public void Dispose() => unsubscribe();
}
