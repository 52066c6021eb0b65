using System.Collections.Concurrent;
using System.Threading.Channels;
using Provisioner.Messages.Lifecycle;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// Runs a <see cref="ScriptedProvisioner"/> for every node that announces itself in provisioning mode, a few at a
/// time, as a provisioner's workers would: a node already in hand is not taken twice, a failed attempt is retried
/// after a pause (standing in for the next discovery), and a node is done when it announces itself as a server.
/// </summary>
internal sealed class FleetDriver : IAsyncDisposable
{
    private readonly ScriptedProvisioner _provisioner;
    private readonly Func<string, bool> _ours;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _inHand = new();
    private readonly ConcurrentDictionary<string, byte> _provisioned = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;

    public FleetDriver(LifecycleWatch events, ScriptedProvisioner provisioner, Func<string, bool> ours, int workers)
    {
        _provisioner = provisioner;
        _ours = ours;
        events.Arrived += OnEvent;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Every attempt's error, by node.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Failures { get; } = new();

    public int Provisioned => _provisioned.Count;

    public bool IsProvisioned(string identity) => _provisioned.ContainsKey(identity);

    private void OnEvent(LifecycleEvent lifecycleEvent)
    {
        if (!_ours(lifecycleEvent.Identity) || lifecycleEvent.Type != LifecycleEventType.Startup)
        {
            return;
        }
        if (lifecycleEvent.Component == LifecycleComponents.Server)
        {
            _provisioned.TryAdd(lifecycleEvent.Identity, 0);
        }
        else if (lifecycleEvent.Component == LifecycleComponents.ProvisionModeServer && _inHand.TryAdd(lifecycleEvent.Identity, 0))
        {
            _queue.Writer.TryWrite(lifecycleEvent.Identity);
        }
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var identity in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                var error = await _provisioner.ProvisionAsync(identity, _stop.Token);
                if (error is null)
                {
                    _inHand.TryRemove(identity, out _);
                    continue;
                }
                Failures.GetOrAdd(identity, _ => new ConcurrentQueue<string>()).Enqueue(error);
                _ = RetryLaterAsync(identity);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task RetryLaterAsync(string identity)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), _stop.Token);
            _queue.Writer.TryWrite(identity);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
