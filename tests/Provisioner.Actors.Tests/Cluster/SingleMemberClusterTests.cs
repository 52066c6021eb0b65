using Akka.Actor;
using Akka.Cluster;
using Microsoft.Data.Sqlite;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Telemetry;
using Provisioner.Messages.Fleet;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Cluster;

/// <summary>One real member (cluster, sharding, singleton) on a fresh SQLite journal, with fake steps.</summary>
public sealed class SingleMemberClusterTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-actors-").FullName;
    private readonly FakeFleet _fleet = new();
    private TestMember _member = null!;

    private JournalStore Journal => new(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}");

    public async Task InitializeAsync() => _member = await TestMember.StartAsync(Journal, _fleet);

    private async Task<NodeView> View(string identity) =>
        await _member.Cluster.Nodes.Ask<NodeView>(new NodeQueries.GetState(identity), TimeSpan.FromSeconds(10));

    private async Task WaitForStage(string identity, NodeStage stage) =>
        await Eventually.TrueAsync(async () => (await View(identity)).Stage == stage, TimeSpan.FromSeconds(60), $"{identity} reaches {stage}");

    [Fact]
    public async Task Discovered_nodes_are_provisioned_through_every_step_once()
    {
        foreach (var i in Enumerable.Range(1, 20)) _fleet.Discoverable.Add($"node{i}.example.net");
        foreach (var i in Enumerable.Range(1, 20)) await WaitForStage($"node{i}.example.net", NodeStage.Provisioned);
        Assert.All(Enumerable.Range(1, 20), i => Assert.Equal(1, _fleet.Calls($"node{i}.example.net", ProvisioningStep.Sign)));
        var journal = await JournalAudit.ReadAsync(Journal);
        Assert.Equal(20, journal.Count(r => r.FinalStage == NodeStage.Provisioned));
        Assert.All(journal, r => Assert.Single(r.CertificateSerials));
        Assert.All(journal, r => Assert.Single(r.JwtIds));
        Assert.All(journal, r => Assert.Equal("fake", r.ProvisionedBy));
        var view = await View("node1.example.net");
        Assert.NotNull(view.CertificateSerial);
        Assert.NotNull(view.JwtId);
        Assert.Equal(1, view.Attempt);
    }

    [Fact]
    public async Task A_node_shut_down_at_the_helper_s_request_counts_as_a_shutdown_request_and_provisioned_as_in_choria()
    {
        _fleet.Failures["unwanted.example.net"] = (ProvisioningStep.Sign, StepFailureKind.ShutdownRequested, "not ours");
        var before = ProvisionerMetrics.HelperShutdownRequests.Value;

        _fleet.Discoverable.Add("unwanted.example.net");

        await WaitForStage("unwanted.example.net", NodeStage.ShutDown);
        await Eventually.TrueAsync(() => ProvisionerMetrics.HelperShutdownRequests.Value >= before + 1, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_attempt_failed_at_an_rpc_counts_one_rpc_error_for_that_rpc()
    {
        _fleet.Failures["broken.example.net"] = (ProvisioningStep.Configure, StepFailureKind.Fatal, "refused");
        var before = ProvisionerMetrics.RpcErrorCount(ProvisioningStep.Configure);

        _fleet.Discoverable.Add("broken.example.net");

        await WaitForStage("broken.example.net", NodeStage.Failed);
        await Eventually.TrueAsync(() => ProvisionerMetrics.RpcErrorCount(ProvisioningStep.Configure) >= before + 1, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Journal_reader_folds_each_nodes_stage_bounded_and_in_identity_order()
    {
        foreach (var i in Enumerable.Range(1, 3)) _fleet.Discoverable.Add($"read{i}.example.net");
        foreach (var i in Enumerable.Range(1, 3)) await WaitForStage($"read{i}.example.net", NodeStage.Provisioned);
        var reader = new JournalReader(Journal);

        var firstTwo = new List<JournaledNode>();
        await foreach (var node in reader.NodesAsync(maxNodes: 2)) firstTwo.Add(node);

        Assert.Equal(["read1.example.net", "read2.example.net"], firstTwo.Select(n => n.Identity));
        Assert.All(firstTwo, n => Assert.Equal(NodeStage.Provisioned, n.State.Stage));
        Assert.Equal(3, await reader.CountNodesAsync());
        Assert.True(await reader.ContainsAsync("read3.example.net"));
        Assert.False(await reader.ContainsAsync("never.example.net"));
    }

    [Fact]
    public async Task Startup_event_starts_an_attempt_and_repeated_events_do_not_start_another()
    {
        await Eventually.TrueAsync(async () => (await _member.Cluster.Leader.Ask<LeaderStatus>(new LeaderMessages.GetStatus(), TimeSpan.FromSeconds(10))).DiscoverCycles > 0);
        foreach (var _ in Enumerable.Range(0, 5)) _fleet.Announce("evented.example.net");
        await WaitForStage("evented.example.net", NodeStage.Provisioned);
        _fleet.Announce("evented.example.net");
        await Task.Delay(500);
        Assert.Equal(1, (await View("evented.example.net")).Attempt);
        Assert.Equal(1, _fleet.Calls("evented.example.net", ProvisioningStep.Jwt));
    }

    [Fact]
    public async Task Entity_woken_with_nothing_to_run_passivates_itself()
    {
        // A query for a node never seen starts (and recovers) its entity; it must not stay in memory for good.
        var view = await View("ghost.example.net");
        Assert.Equal(NodeStage.Unknown, view.Stage);
        Assert.Contains("ghost.example.net", await LiveEntities());
        await Eventually.TrueAsync(async () => !(await LiveEntities()).Contains("ghost.example.net"), TimeSpan.FromSeconds(30), "the idle entity passivates");
    }

    private async Task<IReadOnlySet<string>> LiveEntities()
    {
        var state = await _member.Cluster.Nodes.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }

    [Fact]
    public async Task Fatal_failure_ends_in_failed_with_the_reason_and_nothing_is_signed()
    {
        _fleet.Failures["forged.example.net"] = (ProvisioningStep.Gen25519, StepFailureKind.Fatal, "invalid nonce signature");
        _fleet.Announce("forged.example.net");
        _fleet.Discoverable.Add("forged.example.net");
        await WaitForStage("forged.example.net", NodeStage.Failed);
        var view = await View("forged.example.net");
        Assert.Equal("invalid nonce signature", view.LastError);
        Assert.Null(view.CertificateSerial);
        Assert.Equal(0, _fleet.Calls("forged.example.net", ProvisioningStep.Sign));
    }

    [Fact]
    public async Task Retryable_failure_is_tried_the_steps_number_of_times()
    {
        _fleet.Failures["flaky.example.net"] = (ProvisioningStep.Jwt, StepFailureKind.Retryable, "Incorrect provision token supplied");
        _fleet.Discoverable.Add("flaky.example.net");
        await WaitForStage("flaky.example.net", NodeStage.Failed);
        Assert.Equal(3, _fleet.Calls("flaky.example.net", ProvisioningStep.Jwt, attempt: 1));
        var history = await _member.Cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory("flaky.example.net"), TimeSpan.FromSeconds(10));
        // The failed tries are journaled inside the attempt's outcome, so its history line names each.
        var failed = Assert.Single(history.Events, e => e.Contains(" attempt 1 AttemptFailed", StringComparison.Ordinal));
        Assert.Contains("after Jwt try 1 failed: Incorrect provision token supplied; Jwt try 2 failed: Incorrect provision token supplied", failed);
    }

    [Fact]
    public async Task Paused_leader_starts_nothing_until_resumed()
    {
        var paused = await _member.Cluster.Leader.Ask<LeaderStatus>(new LeaderMessages.Pause("test"), TimeSpan.FromSeconds(10));
        Assert.True(paused.Paused);
        _fleet.Announce("waiting.example.net");
        _fleet.Discoverable.Add("waiting.example.net");
        await Task.Delay(2500);
        Assert.Equal(NodeStage.Unknown, (await View("waiting.example.net")).Stage);
        await _member.Cluster.Leader.Ask<LeaderStatus>(new LeaderMessages.Resume("test"), TimeSpan.FromSeconds(10));
        await WaitForStage("waiting.example.net", NodeStage.Provisioned);
    }

    [Fact]
    public async Task Member_restarted_on_the_same_journal_remembers_every_node()
    {
        _fleet.Discoverable.Add("durable.example.net");
        await WaitForStage("durable.example.net", NodeStage.Provisioned);
        var before = await View("durable.example.net");
        await _member.LeaveAsync(TimeSpan.FromSeconds(30));
        _fleet.Discoverable.Clear();
        _member = await TestMember.StartAsync(Journal, _fleet);
        var after = await View("durable.example.net");
        Assert.Equal(NodeStage.Provisioned, after.Stage);
        Assert.Equal(before.CertificateSerial, after.CertificateSerial);
        Assert.Equal(before.JwtId, after.JwtId);
        Assert.Equal(1, _fleet.Calls("durable.example.net", ProvisioningStep.Sign));
    }

    public async Task DisposeAsync()
    {
        await _member.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
