using System.Collections.Concurrent;
using System.Threading.Channels;
using Provisioner.Messages.Lifecycle;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// Runs a <see cref="ScriptedProvisioner"/> for every node that announces itself in provisioning mode, a few at a
/// time, as a provisioner's workers would: a node already in hand is not taken twice, a failed attempt is retried
/// after a pause (standing in for the next discovery), and a node is done when it announces itself as a server.
/// A node whose restart brings it back in provisioning mode (its credentials did not survive) gets a new attempt,
/// even when it announced itself before the attempt that restarted it was over.
/// </summary>
internal sealed class FleetDriver : IAsyncDisposable
{
    private readonly ScriptedProvisioner _provisioner;
    private readonly Func<string, bool> _ours;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly Lock _gate = new();
    private readonly HashSet<string> _inHand = [];
    // Nodes that shut down since they were last asked to restart, and those that then came back in provisioning mode.
    private readonly HashSet<string> _wentDown = [];
    private readonly HashSet<string> _cameBack = [];
    private readonly ConcurrentDictionary<string, byte> _provisioned = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;

    public FleetDriver(LifecycleWatch events, ScriptedProvisioner provisioner, Func<string, bool> ours, int workers)
    {
        _provisioner = provisioner;
        _ours = ours;
        provisioner.RestartRequested += OnRestartRequested;
        events.Arrived += OnEvent;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Every attempt's error, by node.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Failures { get; } = new();

    public int Provisioned => _provisioned.Count;

    public bool IsProvisioned(string identity) => _provisioned.ContainsKey(identity);

    private void OnEvent(LifecycleEvent lifecycleEvent)
    {
        var identity = lifecycleEvent.Identity;
        if (!_ours(identity))
        {
            return;
        }
        if (lifecycleEvent.Type == LifecycleEventType.Shutdown)
        {
            lock (_gate)
            {
                _wentDown.Add(identity);
            }
            return;
        }
        if (lifecycleEvent.Type != LifecycleEventType.Startup)
        {
            return;
        }
        if (lifecycleEvent.Component == LifecycleComponents.Server)
        {
            _provisioned.TryAdd(identity, 0);
            return;
        }
        if (lifecycleEvent.Component != LifecycleComponents.ProvisionModeServer)
        {
            return;
        }
        bool take;
        lock (_gate)
        {
            var restarted = _wentDown.Remove(identity);
            take = _inHand.Add(identity);
            // The restart reply and the node's return race: the attempt that restarted it may not have ended yet.
            // Ignoring this announcement would leave the node waiting for a discovery that never comes.
            if (!take && restarted)
            {
                _cameBack.Add(identity);
            }
        }
        if (take)
        {
            _queue.Writer.TryWrite(identity);
        }
    }

    // Whatever the node did before this restart is settled by the attempt that asks for it.
    private void OnRestartRequested(string identity)
    {
        lock (_gate)
        {
            _wentDown.Remove(identity);
            _cameBack.Remove(identity);
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
                    bool again;
                    lock (_gate)
                    {
                        again = _cameBack.Remove(identity);
                        if (!again)
                        {
                            _inHand.Remove(identity);
                        }
                    }
                    if (again)
                    {
                        _queue.Writer.TryWrite(identity);
                    }
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
            // A lost restart reply fails the attempt although the node restarted: once it is a server, leave it be.
            if (IsProvisioned(identity))
            {
                lock (_gate)
                {
                    _inHand.Remove(identity);
                }
                return;
            }
            _queue.Writer.TryWrite(identity);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _provisioner.RestartRequested -= OnRestartRequested;
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
