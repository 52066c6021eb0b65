using System.Collections.Concurrent;
using Provisioner.Actors.Admission;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Testing;

/// <summary>
/// Steps, discovery and admission without NATS, for tests of the actors themselves: every node is admitted and
/// every step succeeds with a well-formed event unless a failure is scripted for the node.
/// </summary>
public sealed class FakeFleet : IProvisioningSteps, IFleetWatcher, INodeAdmission
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private Action<string>? _onStartup;

    public ConcurrentBag<string> Discoverable { get; } = [];
    public ConcurrentDictionary<string, (ProvisioningStep Step, StepFailureKind Kind, string Reason)> Failures { get; } = new();

    /// <summary>Steps that never finish for a node (until cancelled), to hold its attempt in flight.</summary>
    public ConcurrentDictionary<string, ProvisioningStep> Hangs { get; } = new();

    /// <summary>Nodes not admitted, with the result their admission gives.</summary>
    public ConcurrentDictionary<string, AdmissionResult> NotAdmitted { get; } = new();

    /// <summary>How often each node's admission was checked.</summary>
    public ConcurrentDictionary<string, int> Admissions { get; } = new();

    public Task<AdmissionResult> AdmitAsync(string identity, TimeSpan timeout, CancellationToken cancellation)
    {
        Admissions.AddOrUpdate(identity, 1, (_, n) => n + 1);
        return Task.FromResult(NotAdmitted.GetValueOrDefault(identity) ?? AdmissionResult.Admitted.Instance);
    }

    public int Calls(string identity, ProvisioningStep step) => _calls.GetValueOrDefault($"{identity}/{step}");

    /// <summary>Calls of one attempt: a node left discoverable starts further attempts at the leader's sweeps.</summary>
    public int Calls(string identity, ProvisioningStep step, int attempt) => _calls.GetValueOrDefault($"{identity}/{step}/{attempt}");

    /// <summary>How often the entity of <paramref name="identity"/> told the steps its attempt ended or it stopped.</summary>
    public int EndedAttempts(string identity) => _calls.GetValueOrDefault($"{identity}/ended");

    /// <summary>Every admission answer an entity handed to the steps, per node, in order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<AdmittedToken>> AdmittedAnswers { get; } = new();

    public void Admitted(string identity, AdmittedToken answer) => AdmittedAnswers.GetOrAdd(identity, _ => new()).Enqueue(answer);

    public void AttemptEnded(string identity) => _calls.AddOrUpdate($"{identity}/ended", 1, (_, n) => n + 1);

    public void Announce(string identity) => _onStartup?.Invoke(identity);

    public async Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation)
    {
        _calls.AddOrUpdate($"{state.Identity}/{step}", 1, (_, n) => n + 1);
        _calls.AddOrUpdate($"{state.Identity}/{step}/{state.Attempt}", 1, (_, n) => n + 1);
        if (Hangs.TryGetValue(state.Identity, out var hang) && hang == step)
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        if (Failures.TryGetValue(state.Identity, out var failure) && failure.Step == step)
        {
            throw new StepFailure(failure.Kind, failure.Reason);
        }
        var (id, a, now) = (state.Identity, state.Attempt, DateTimeOffset.UtcNow);
        INodeEvent e = step switch
        {
            ProvisioningStep.Jwt => new NodeEvents.TokenChecked(id, a, now, new string('e', 64)),
            ProvisioningStep.Gen25519 => new NodeEvents.KeyProven(id, a, now, new string('k', 64), Guid.NewGuid().ToString("N"), "/etc/choria", new string('s', 128)),
            ProvisioningStep.Inventory => new NodeEvents.Inventoried(id, a, now, "{}", "0.29.4"),
            ProvisioningStep.Gencsr => new NodeEvents.CsrAccepted(id, a, now, "csr", "pub", "/etc/choria/ssl"),
            ProvisioningStep.Sign => new NodeEvents.Signed(id, a, now, Guid.NewGuid().ToString("N"), "cert", "ca", "/etc/choria/ssl",
                new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, null, null),
            ProvisioningStep.IssueServerJwt => new NodeEvents.JwtIssued(id, a, now, Guid.NewGuid().ToString("N"), "jwt", now.AddYears(1), null),
            ProvisioningStep.Configure => new NodeEvents.Configured(id, a, now, "Wrote 2 lines"),
            ProvisioningStep.Restart => new NodeEvents.Provisioned(id, a, now, "fake"),
            ProvisioningStep.Shutdown => new NodeEvents.ShutDown(id, a, now),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
        return e;
    }

    public IAsyncDisposable WatchStartups(Action<string> onStartup)
    {
        _onStartup = onStartup;
        return new Unsubscribe(this);
    }

    public Task<IReadOnlyCollection<string>> DiscoverAsync(CancellationToken cancellation) =>
        Task.FromResult<IReadOnlyCollection<string>>(Discoverable.Distinct().ToList());

    private sealed class Unsubscribe(FakeFleet fleet) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            fleet._onStartup = null;
            return ValueTask.CompletedTask;
        }
    }
}
