using Provisioner.Actors.Journal;
using Provisioner.Agent.Fleet;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Issuance;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Cluster;

/// <summary>
/// Member processes on one SQLite journal, SIGKILLed or added mid-run: every node is still provisioned
/// exactly once, and the members' issuance ledger (a line on disk for every certificate and server JWT before it
/// is handed on) shows no attempt issued two. Slow by nature; kept to the scenarios that prove the point.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class ClusterFailoverTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    private readonly List<MemberProcess> _members = [];
    private string _config = "";
    private string _ledger = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ledger = Path.Combine(World.Dir, "ledger");
        _config = World.WriteMemberConfig($"issuance-ledger = \"{_ledger}\"");
    }

    public override async Task DisposeAsync()
    {
        foreach (var member in _members) await member.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<MemberProcess> Start(IReadOnlyList<string> seeds, int? port = null)
    {
        var database = World.Database == JournalDatabase.Postgres ? "postgres" : "sqlite";
        var member = await MemberProcess.StartAsync(_config, database, World.JournalConnection, seeds, port);
        _members.Add(member);
        return member;
    }

    private static FleetSimulator Fleet(OnboardingWorld world, int nodes, string prefix, int? concurrency = null) => new(new FleetOptions
    {
        Nodes = nodes,
        Token = world.Token,
        BrokerUrls = [world.NatsUrl],
        Concurrency = concurrency ?? nodes,
        IdentityPrefix = prefix,
        RestartDelay = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromMinutes(4),
    });

    private async Task AssertEachProvisionedExactlyOnce(string prefix, int nodes)
    {
        // Entities that were mid-restart on a lost member resume and settle within their restart tries.
        await Eventually.TrueAsync(async () => (await World.JournalAsync(prefix)).Count(r => r.FinalStage == NodeStage.Provisioned) == nodes, TimeSpan.FromMinutes(2));
        var journal = await World.JournalAsync(prefix);
        Assert.Equal(nodes, journal.Count(r => r.FinalStage == NodeStage.Provisioned));
        Assert.All(journal, r => Assert.Single(r.CertificateSerials));
        Assert.All(journal, r => Assert.Single(r.JwtIds));
        AssertSingleIssuance(prefix, journal);
    }

    // Each (identity, attempt) has at most one serial and one jti in the ledger, however often it was signed, and
    // each node ends with the ones its provisioned attempt was issued.
    private void AssertSingleIssuance(string prefix, IReadOnlyList<NodeRecord> journal)
    {
        var ledger = IssuanceLedger.ReadAll(_ledger).Where(l => l.Identity.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var kind in new[] { IssuanceRecord.Certificate, IssuanceRecord.ServerJwt })
        {
            Assert.All(
                ledger.Where(l => l.Kind == kind).GroupBy(l => (l.Identity, l.Attempt)),
                issued => Assert.Single(issued.Select(l => l.Id).Distinct()));
        }
        string Issued(NodeRecord node, string kind) =>
            ledger.Where(l => l.Identity == node.Identity && l.Attempt == node.Attempts && l.Kind == kind).Select(l => l.Id).Distinct().Single();
        Assert.All(journal, r => Assert.Equal(Issued(r, IssuanceRecord.Certificate), r.CertificateSerials.Single()));
        Assert.All(journal, r => Assert.Equal(Issued(r, IssuanceRecord.ServerJwt), r.JwtIds.Single()));
    }

    [Fact]
    public async Task Member_killed_mid_run_and_started_again_finishes_every_node_with_none_signed_twice()
    {
        var member = await Start([]);
        var fleet = Fleet(World, 300, "restart");
        var run = fleet.RunAsync();
        await Eventually.TrueAsync(() => fleet.Progress().Provisioned >= 60, TimeSpan.FromMinutes(2));
        member.Kill();
        await Start([], member.Port);
        var result = await run;
        Assert.True(result.AllProvisioned, result.SummaryLine);
        await AssertEachProvisionedExactlyOnce("restart", 300);
    }

    [Fact]
    public async Task Leader_host_killed_at_thirty_percent_in_a_three_member_cluster_loses_no_node()
    {
        var first = await Start([]);
        var seeds = new[] { first.Address };
        var second = await Start(seeds);
        var third = await Start(seeds);
        var fleet = Fleet(World, 500, "failover");
        var run = fleet.RunAsync();
        await Eventually.TrueAsync(() => fleet.Progress().Provisioned >= 150, TimeSpan.FromMinutes(2));
        first.Kill();
        // SIGKILL is delivered before Kill returns: the killed member can record nothing stamped later than this.
        var killedAt = DateTimeOffset.UtcNow;
        var result = await run;
        Assert.True(result.AllProvisioned, result.SummaryLine);
        await AssertEachProvisionedExactlyOnce("failover", 500);
        // The run can end before the singleton has moved (every node already started on the survivors): wait for it.
        await Eventually.TrueAsync(() => (second.Output + third.Output).Contains("provisioning leader started", StringComparison.Ordinal),
            TimeSpan.FromMinutes(2), "no surviving member started the provisioning leader");
        var journal = await World.JournalAsync("failover");
        // The nodes whose attempt was still in flight at the kill, or began after it, are the survivors' work.
        var afterKill = journal.Where(r => r.ProvisionedAt >= killedAt).ToList();
        Assert.NotEmpty(afterKill);
        Assert.All(afterKill, r => Assert.Contains(r.ProvisionedBy, new[] { second.Address, third.Address }));
        Assert.Contains(afterKill, r => r.ProvisionedBy == second.Address);
        Assert.Contains(afterKill, r => r.ProvisionedBy == third.Address);
    }

    [Fact]
    public async Task Whole_cluster_on_postgres_killed_mid_run_and_restarted_recovers_every_node()
    {
        await using var postgres = await PostgresServerProcess.StartAsync();
        World.Database = JournalDatabase.Postgres;
        World.JournalConnection = postgres.ConnectionString;
        var first = await Start([]);
        var second = await Start([first.Address]);
        var fleet = Fleet(World, 200, "pgrestart");
        var run = fleet.RunAsync();
        await Eventually.TrueAsync(() => fleet.Progress().Provisioned >= 60, TimeSpan.FromMinutes(2));
        first.Kill();
        second.Kill();
        var again = await Start([], first.Port);
        await Start([again.Address]);
        var result = await run;
        Assert.True(result.AllProvisioned, result.SummaryLine);
        await AssertEachProvisionedExactlyOnce("pgrestart", 200);
        foreach (var member in _members) await member.StopAsync();
    }

    [Fact]
    public async Task Member_added_mid_run_receives_shards_and_provisions_nodes()
    {
        var first = await Start([]);
        // A trickle of machines, so that the run outlasts the new member's start.
        var fleet = Fleet(World, 300, "scaleout", concurrency: 8);
        var run = fleet.RunAsync();
        await Eventually.TrueAsync(() => fleet.Progress().Provisioned >= 30, TimeSpan.FromMinutes(2));
        var added = await Start([first.Address]);
        var result = await run;
        Assert.True(result.AllProvisioned, result.SummaryLine);
        await AssertEachProvisionedExactlyOnce("scaleout", 300);

        // The trickle may end before shards reach the new member (allocation and rebalancing are periodic), so
        // small fleets keep arriving until one of their nodes is provisioned there.
        var rounds = 0;
        await Eventually.TrueAsync(async () =>
        {
            var prefix = $"joined{++rounds}-";
            var more = await Fleet(World, 20, prefix).RunAsync();
            Assert.True(more.AllProvisioned, more.SummaryLine);
            await AssertEachProvisionedExactlyOnce(prefix, 20);
            return (await World.JournalAsync("joined")).Any(r => r.ProvisionedBy == added.Address);
        }, TimeSpan.FromMinutes(3), "no node was provisioned by the member added mid-run");
    }
}
