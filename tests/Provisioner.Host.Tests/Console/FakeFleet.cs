using System.Collections.Concurrent;
using Provisioner.Actors.Discovery;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>Steps and discovery without NATS: every step succeeds at once, except the scripted fatal failures.</summary>
public sealed class FakeFleet : IProvisioningSteps, IFleetWatcher
{
    public ConcurrentBag<string> Discoverable { get; } = [];

    /// <summary>Nodes whose token check fails for good, with the reason.</summary>
    public ConcurrentDictionary<string, string> Failing { get; } = new();

    public Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation)
    {
        if (step == ProvisioningStep.Jwt && Failing.TryGetValue(state.Identity, out var reason))
        {
            throw StepFailure.Fatal(reason);
        }
        var (id, a, now) = (state.Identity, state.Attempt, DateTimeOffset.UtcNow);
        INodeEvent e = step switch
        {
            ProvisioningStep.Jwt => new NodeEvents.TokenChecked(id, a, now, new string('e', 64)),
            ProvisioningStep.Gen25519 => new NodeEvents.KeyProven(id, a, now, new string('k', 64), "nonce", "/etc/choria"),
            ProvisioningStep.Inventory => new NodeEvents.Inventoried(id, a, now, "{}", "0.29.4"),
            ProvisioningStep.Gencsr => new NodeEvents.CsrAccepted(id, a, now, "csr", "pub", "/etc/choria/ssl"),
            ProvisioningStep.Sign => new NodeEvents.Signed(id, a, now, "5e71a1", "cert", "ca", "/etc/choria/ssl",
                new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, null),
            ProvisioningStep.IssueServerJwt => new NodeEvents.JwtIssued(id, a, now, "jti-1", "jwt", now.AddYears(1), null),
            ProvisioningStep.Configure => new NodeEvents.Configured(id, a, now, "Wrote 2 lines"),
            ProvisioningStep.Restart => new NodeEvents.Provisioned(id, a, now),
            _ => new NodeEvents.ShutDown(id, a, now),
        };
        return Task.FromResult(e);
    }

    public IAsyncDisposable WatchStartups(Action<string> onStartup) => new NoWatch();

    /// <summary>Each discoverable node answers one sweep only, as a node leaves provisioning mode once it is provisioned.</summary>
    public Task<IReadOnlyCollection<string>> DiscoverAsync(CancellationToken cancellation)
    {
        var found = new HashSet<string>();
        while (Discoverable.TryTake(out var identity))
        {
            found.Add(identity);
        }
        return Task.FromResult<IReadOnlyCollection<string>>(found);
    }

    private sealed class NoWatch : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
