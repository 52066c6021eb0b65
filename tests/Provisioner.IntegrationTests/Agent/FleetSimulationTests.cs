using Provisioner.Agent.Fleet;
using Provisioner.Messages.Lifecycle;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>The scripted provisioner against many simulated nodes on a real nats-server.</summary>
[Collection(NatsServerFixture.Collection)]
public sealed class FleetSimulationTests(NatsServerFixture nats) : AgentTestBase(nats)
{
    private FleetOptions Fleet(int nodes, string prefix, FleetFaults? faults = null) => new()
    {
        Nodes = nodes,
        Token = Token.Text,
        IdentityPrefix = prefix,
        Domain = "fleet.example.net",
        Concurrency = nodes,
        Connections = 4,
        RestartDelay = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromMinutes(3),
        Faults = faults ?? FleetFaults.None,
        SlowReplyDelay = TimeSpan.FromMilliseconds(300),
        RandomSeed = 42,
    };

    /// <summary>The run's summary and, for each node left unprovisioned, where it stopped: the message of a failed run.</summary>
    private static string Unprovisioned(FleetResult result) =>
        $"{result.SummaryLine}; {string.Join(", ", result.Nodes.Where(n => n.State != FleetNodeState.Provisioned).Select(n => $"{n.Identity} {n.State} {n.LastAction}"))}";

    [Fact]
    public async Task Five_hundred_simulated_nodes_are_all_provisioned_by_the_scripted_provisioner()
    {
        var prefix = $"f{Guid.NewGuid():N}"[..8];
        var options = Fleet(500, prefix);
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);
        await using var driver = new FleetDriver(Events, provisioner, id => id.StartsWith(prefix, StringComparison.Ordinal), workers: 16);
        var simulator = new FleetSimulator(options);

        var result = await simulator.RunAsync();

        Assert.True(result.AllProvisioned, $"{result.SummaryLine}; failures: {string.Join(" | ", driver.Failures.SelectMany(f => f.Value).Take(5))}");
        Assert.Equal(500, result.Nodes.Count(n => n.State == FleetNodeState.Provisioned));
        Assert.All(result.Nodes, n => Assert.NotNull(n.TimeToProvision));
        Assert.Equal(500, result.Nodes.Select(n => n.Identity).Distinct().Count());
        await Eventually.TrueAsync(() => driver.Provisioned == 500, TimeSpan.FromSeconds(30));
        Assert.Empty(driver.Failures);
        Assert.Equal("fleet nodes=500 provisioned=500 failed=0", result.SummaryLine[..result.SummaryLine.IndexOf(" elapsed_s=", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task A_node_that_comes_back_from_its_restart_in_provisioning_mode_is_provisioned_again()
    {
        // A reboot after gen25519 loses the seed, so the first restart brings the node back in provisioning mode.
        var prefix = $"r{Guid.NewGuid():N}"[..8];
        var options = Fleet(4, prefix, FleetFaults.Parse("reboot=1"));
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl);
        await using var driver = new FleetDriver(Events, provisioner, id => id.StartsWith(prefix, StringComparison.Ordinal), workers: 4);
        var simulator = new FleetSimulator(options);

        var result = await simulator.RunAsync();

        Assert.True(result.AllProvisioned, Unprovisioned(result));
        Assert.All(result.Nodes, n => Assert.Equal(3, n.Announcements));
        await Eventually.TrueAsync(() => driver.Provisioned == 4, TimeSpan.FromSeconds(30));
        Assert.Empty(driver.Failures);
    }

    [Fact]
    public async Task Faulty_nodes_fail_their_first_attempt_and_are_provisioned_on_a_later_one()
    {
        var prefix = $"x{Guid.NewGuid():N}"[..8];
        var options = Fleet(24, prefix, FleetFaults.Parse("badsig=0.3,wrongcn=0.3,drop=0.2,norestart=0.3,reboot=0.2,dup=0.3,slow=0.2"));
        using var provisioner = new ScriptedProvisioner(Connection, Token.VerificationKey, BrokerUrl, callTimeout: TimeSpan.FromSeconds(3));
        await using var driver = new FleetDriver(Events, provisioner, id => id.StartsWith(prefix, StringComparison.Ordinal), workers: 8);
        var simulator = new FleetSimulator(options);

        var result = await simulator.RunAsync();

        Assert.True(result.AllProvisioned, Unprovisioned(result));
        var faulty = result.Nodes.Where(n => n.Faults.Count > 0).ToList();
        Assert.NotEmpty(faulty);
        foreach (var node in result.Nodes.Where(n => n.Faults.Contains(FleetFault.BadSignature)))
        {
            Assert.Contains(driver.Failures[node.Identity], e => e == "gen25519: invalid nonce signature");
        }
        foreach (var node in result.Nodes.Where(n => n.Faults.Contains(FleetFault.WrongCommonName)))
        {
            Assert.Contains(driver.Failures[node.Identity], e => e.StartsWith("gencsr: common name impostor.", StringComparison.Ordinal));
        }
        foreach (var node in result.Nodes.Where(n => n.Faults.Contains(FleetFault.NoRestart)))
        {
            Assert.Contains(driver.Failures[node.Identity], e => e.StartsWith("restart: ", StringComparison.Ordinal));
        }
        foreach (var node in result.Nodes.Where(n => n.Faults.Contains(FleetFault.Duplicate)))
        {
            Assert.True(Events.Of(node.Identity).Count(e => e.Type == LifecycleEventType.Startup && e.Component == LifecycleComponents.ProvisionModeServer) >= 2);
        }
        foreach (var node in result.Nodes.Where(n => n.Faults.Contains(FleetFault.Reboot)))
        {
            Assert.True(node.Announcements >= 2, $"{node.Identity} rebooted but announced {node.Announcements} times");
        }
    }

    [Fact]
    public async Task Simulated_nodes_waiting_in_provisioning_mode_say_they_are_alive_on_schedule()
    {
        var prefix = $"a{Guid.NewGuid():N}"[..8];
        // Nobody provisions this fleet: its nodes stay in provisioning mode until the run is cancelled.
        var options = Fleet(3, prefix) with { AliveInterval = TimeSpan.FromSeconds(1), AliveFirstDelay = TimeSpan.Zero };
        using var cancel = new CancellationTokenSource();
        var run = new FleetSimulator(options).RunAsync(cancel.Token);

        foreach (var number in Enumerable.Range(1, 3))
        {
            var identity = FleetSimulator.IdentityOf(options, number);
            var alive = await Events.WaitForAsync(identity, LifecycleEventType.Alive, LifecycleComponents.ProvisionModeServer, count: 2);
            Assert.Equal("choria.lifecycle.event.alive.provision_mode_server", alive.Subject);
            Assert.Equal("0.29.4", alive.Version);
        }
        await cancel.CancelAsync();
        var result = await run;
        Assert.Equal(0, result.Provisioned);
    }
}
