using Provisioner.Agent.Fleet;
using Provisioner.Agent.Renewal;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Provisioner.IntegrationTests.Fleet;

/// <summary>
/// A real member on its own nats-server renews a simulated fleet whose credentials live 90 s: every node goes back to
/// provisioning on its own between 50% and 90% of its server JWT's lifetime, keeping its identity, and is provisioned again;
/// the journal marks each second onboarding as the renewal of the first one's credentials.
/// </summary>
public sealed class RenewalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Nodes = 200;
    private static readonly RenewalPolicy Policy = new(Share: 0.5, Splay: 0.4);

    private NatsServerProcess _nats = null!;
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync()
    {
        _nats = await NatsServerProcess.StartAsync();
        _world = new OnboardingWorld(_nats.Url);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _nats.DisposeAsync();
    }

    [Fact]
    public async Task A_fleet_whose_credentials_expire_soon_renews_spread_over_the_splay_and_each_node_is_provisioned_once_per_renewal()
    {
        // The certificate keeps its year: its not-before is backdated 5 minutes for clock skew, which would dwarf 90 s.
        await _world.StartMemberAsync("server-jwt.validity = 90s");
        var prefix = $"rn{Guid.NewGuid():N}"[..8];

        var result = await new FleetSimulator(new FleetOptions
        {
            Nodes = Nodes,
            Token = _world.Token,
            BrokerUrls = [_world.NatsUrl],
            Concurrency = Nodes,
            IdentityPrefix = prefix,
            RestartDelay = TimeSpan.FromMilliseconds(100),
            Renewal = Policy,
            Renewals = 1,
            RandomSeed = 11,
            Timeout = TimeSpan.FromMinutes(8),
        }).RunAsync();
        output.WriteLine(result.SummaryLine);

        Assert.True(result.AllProvisioned, result.SummaryLine);
        Assert.All(result.Nodes, n => Assert.Equal((2, 1), (n.Provisionings, n.RenewedAtShares.Count)));
        var shares = result.Nodes.Select(n => n.RenewedAtShares[0]).ToList();
        // Never before the policy's share; a node renews once its wait is over, so a little later than drawn at most.
        Assert.All(shares, share => Assert.InRange(share, Policy.Share - 0.02, Policy.Share + Policy.Splay + 0.1));
        // Spread, not a burst: each quarter of the splay holds a fair part of the fleet (50 expected of 200).
        var buckets = shares.GroupBy(s => Math.Clamp((int)((s - Policy.Share) / Policy.Splay * 4), 0, 3)).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(" ", Enumerable.Range(0, 4).Select(b => $"q{b}={buckets.GetValueOrDefault(b)}")));
        Assert.All(Enumerable.Range(0, 4), b => Assert.True(buckets.GetValueOrDefault(b) >= 20, $"quarter {b} of the splay holds {buckets.GetValueOrDefault(b)} renewals"));

        // The cluster side: each node provisioned exactly twice (first onboarding, one renewal), under the same identity.
        var events = await _world.EventsAsync(prefix);
        Assert.Equal(Nodes, events.Count);
        Assert.All(events, node => Assert.Equal(2, node.Value.OfType<NodeEvents.Provisioned>().Count()));
        // The history tells the renewal from the first onboarding: the renewing attempt names the credentials it
        // replaces, which had not expired yet.
        Assert.All(events, node =>
        {
            var first = node.Value.OfType<NodeEvents.Provisioned>().First();
            var issued = node.Value.OfType<NodeEvents.CredentialsIssued>().First(c => c.Attempt == first.Attempt);
            var accepted = node.Value.OfType<NodeEvents.AttemptAccepted>().ToList();
            Assert.Null(accepted[0].Renews);
            var renewal = accepted.Where(a => a.Attempt > first.Attempt).Select(a => a.Renews).ToList();
            Assert.NotEmpty(renewal);
            Assert.All(renewal, r => Assert.Equal(new RenewalNote(first.Attempt, issued.Certificate.CertificateSerial, issued.ServerJwt!.Jti, issued.ServerJwt.ExpiresAt), r));
            Assert.True(accepted.First(a => a.Attempt > first.Attempt).At < issued.ServerJwt!.ExpiresAt, $"{node.Key} renewed after its server JWT expired");
        });
    }
}
