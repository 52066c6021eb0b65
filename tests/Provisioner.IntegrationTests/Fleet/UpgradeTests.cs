using System.Runtime.Versioning;
using Akka.Actor;
using Provisioner.Actors.Telemetry;
using Provisioner.Agent.Fleet;
using Provisioner.Agent.Upgrades;
using Provisioner.Host.Cli;
using Provisioner.Host.Members;
using Provisioner.Host.Reporting;
using Provisioner.IntegrationTests.Agent;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Provisioner.IntegrationTests.Fleet;

/// <summary>
/// Upgrades before configure (spec §2 step 8, scenario 22) on a real member, the real nats-server and a release
/// repository written by <c>provisioner upgrades publish</c> and served over HTTP on 127.0.0.1: simulated fleets for
/// the outcomes at scale, and the real agent process, which replaces its own executable and re-execs into it.
/// </summary>
[Collection(NatsServerFixture.Collection)]
[UnsupportedOSPlatform("windows")]
public sealed class UpgradeTests(NatsServerFixture nats, ITestOutputHelper output) : OnboardingWorldTest(nats)
{
    private const string Old = "1.0.0";
    private const string New = "2.0.0";
    private static readonly TimeSpan JournalWait = TimeSpan.FromSeconds(90);

    private string _repository = null!;
    private StaticFileServer _server = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _repository = Directory.CreateDirectory(Path.Combine(World.Dir, "releases")).FullName;
        _server = new StaticFileServer(_repository);
        // The release is the agent's launcher reporting the new version: what a real node re-execs into.
        var release = AgentProcess.WriteLauncher(Path.Combine(Directory.CreateDirectory(Path.Combine(World.Dir, "release")).FullName, "choria"), New);
        var (exit, _, error) = Cli("upgrades", "publish", "--dir", _repository, "--version", New, release);
        Assert.True(exit == ExitCodes.Ok, error);
    }

    public override async Task DisposeAsync()
    {
        _server.Dispose();
        await base.DisposeAsync();
    }

    private static (int Exit, string Out, string Error) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = ProvisionerCli.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string SpecFile => Path.Combine(_repository, ReleaseRepositoryLayout.Directory(New, ReleasePlatform.Current), ReleaseRepositoryLayout.SpecFile);

    // The helper configures every node and asks for the new version, as Choria's helper `upgrade` field does.
    private Task<MemberHost> StartMemberAsync(string repository, bool optional)
    {
        var helper = World.WriteHelper($$"""
            cat >/dev/null
            echo '{"configuration":{"plugin.choria.server.provision":"false","plugin.choria.middleware_hosts":"{{World.NatsUrl}}"},"upgrade":"{{New}}"}'
            """);
        return World.StartMemberAsync($"""
            helper = "{helper}"
            features = ["jwt", "pki", "ed25519", "upgrades"]
            upgrades.repository = "{repository}"
            upgrades.optional = {(optional ? "on" : "off")}
            """);
    }

    private Task<FleetResult> RunFleetAsync(int nodes, string prefix, bool allowUpdate, TimeSpan timeout) =>
        new FleetSimulator(new FleetOptions
        {
            Nodes = nodes,
            Token = World.IssueToken("provisioning", OnboardingWorld.AgentToken, allowUpdate),
            BrokerUrls = [World.NatsUrl],
            Concurrency = nodes,
            IdentityPrefix = prefix,
            RestartDelay = TimeSpan.FromMilliseconds(100),
            NodeVersion = Old,
            RandomSeed = 5,
            Timeout = timeout,
        }).RunAsync();

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<INodeEvent>>> SettledAsync(string prefix, int nodes, NodeStage stage)
    {
        await Eventually.TrueAsync(async () => (await World.JournalAsync(prefix)).Count(r => r.FinalStage == stage) == nodes, JournalWait);
        return await World.EventsAsync(prefix);
    }

    private int RepositoryRequests => _server.Requests.Count(r => r.Path.StartsWith($"/{New}/", StringComparison.Ordinal));

    [Fact]
    public async Task A_fleet_on_another_version_is_upgraded_once_per_node_and_then_provisioned_on_the_new_version()
    {
        const int nodes = 30;
        await StartMemberAsync(_server.Url, optional: false);
        var succeeded = UpgradeMetrics.Succeeded.Value;

        var prefix = Unique("upfleet");
        var result = await RunFleetAsync(nodes, prefix, allowUpdate: true, TimeSpan.FromMinutes(3));
        output.WriteLine(result.SummaryLine);

        Assert.True(result.AllProvisioned, result.SummaryLine);
        Assert.All(result.Nodes, n => Assert.Equal((New, 1), (n.Version, n.Upgrades)));
        var journal = await SettledAsync(prefix, nodes, NodeStage.Provisioned);
        Assert.Equal(nodes, journal.Count);
        Assert.All(journal.Values, events =>
        {
            // Exactly one upgrade, then an attempt on the new version that finds nothing to upgrade.
            var upgraded = Assert.Single(events.OfType<NodeEvents.Upgraded>());
            Assert.Equal((Old, New), (upgraded.FromVersion, upgraded.ToVersion));
            var provisioned = Assert.Single(events.OfType<NodeEvents.Provisioned>());
            Assert.True(provisioned.Attempt > upgraded.Attempt);
            Assert.Equal(new UpgradeNote(UpgradeNote.Skipped, New, New, $"already at {New}"), provisioned.Upgrade);
        });
        // Each node's two attempts got configurations from the helper and no certificate: the summary counts nothing signed twice.
        var records = await World.JournalAsync(prefix);
        Assert.All(records, r => Assert.Empty(r.CertificateSerials));
        Assert.Equal(0, ProvisioningSummary.Of(records, members: 1).SignedTwice);
        Assert.Equal(nodes, UpgradeMetrics.Succeeded.Value - succeeded);
        Assert.Equal(nodes, _server.Requests.Count(r => r.Path.EndsWith("/" + ReleaseRepositoryLayout.SpecFile, StringComparison.Ordinal) && r.Status == 200));
    }

    [Theory]
    [InlineData(false, true, "does not support upgrades")]
    [InlineData(true, false, "updates_repository not configured for upgrades feature")]
    public async Task Without_upgrade_permission_or_a_repository_the_attempt_fails_and_nothing_is_configured(bool allowUpdate, bool withRepository, string reason)
    {
        const int nodes = 3;
        await StartMemberAsync(withRepository ? _server.Url : "", optional: false);

        var prefix = Unique("upfail");
        var result = await RunFleetAsync(nodes, prefix, allowUpdate, TimeSpan.FromSeconds(20));

        Assert.Equal(0, result.Nodes.Count(n => n.State == FleetNodeState.Provisioned));
        var journal = await SettledAsync(prefix, nodes, NodeStage.Failed);
        Assert.Equal(nodes, journal.Count);
        Assert.All(journal.Values, events =>
        {
            Assert.All(events.OfType<NodeEvents.AttemptFailed>(), f => Assert.Equal((ProvisioningStep.Upgrade, reason), (f.Step, f.Reason)));
            Assert.NotEmpty(events.OfType<NodeEvents.AttemptFailed>());
            Assert.Empty(events.OfType<NodeEvents.Upgraded>());
            Assert.Empty(events.OfType<NodeEvents.Provisioned>());
        });
        Assert.Equal(0, RepositoryRequests);
        Assert.All(result.Nodes, n => Assert.Equal((Old, 0), (n.Version, n.Upgrades)));
    }

    [Theory]
    [InlineData(false, true, "does not support upgrades")]
    [InlineData(true, false, $"update to {New} failed: ")]
    public async Task With_optional_upgrades_a_node_that_cannot_upgrade_is_provisioned_on_its_version_with_a_warning(bool allowUpdate, bool withRepository, string warning)
    {
        const int nodes = 3;
        var member = await StartMemberAsync(withRepository ? _server.Url : "", optional: true);

        var prefix = Unique("upopt");
        var result = await RunFleetAsync(nodes, prefix, allowUpdate, TimeSpan.FromMinutes(2));

        Assert.True(result.AllProvisioned, result.SummaryLine);
        Assert.All(result.Nodes, n => Assert.Equal((Old, 0), (n.Version, n.Upgrades)));
        var journal = await SettledAsync(prefix, nodes, NodeStage.Provisioned);
        foreach (var (identity, events) in journal)
        {
            Assert.Empty(events.OfType<NodeEvents.Upgraded>());
            var note = Assert.Single(events.OfType<NodeEvents.Provisioned>()).Upgrade!;
            Assert.Equal((UpgradeNote.Continued, Old, New), (note.Outcome, note.From, note.To));
            Assert.StartsWith(warning, note.Message);
            var history = await member.Cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(identity), TimeSpan.FromSeconds(10));
            Assert.Contains(history.Events, line => line.Contains($"; upgrade continued {Old}->{New}: {warning}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_real_agent_replaces_its_executable_restarts_into_the_release_and_is_provisioned_without_a_second_upgrade()
    {
        var member = await StartMemberAsync(_server.Url, optional: false);
        var (launcher, directory, identity) = AgentFiles("uprealok");

        using var agent = AgentProcess.Start(launcher, directory, identity);
        var journal = await SettledOrExplainAsync(identity, NodeStage.Provisioned, agent);

        var events = journal[identity];
        var upgraded = Assert.Single(events.OfType<NodeEvents.Upgraded>());
        Assert.Equal((Old, New), (upgraded.FromVersion, upgraded.ToVersion));
        // The inventory of the attempt that configured it reported the new version: the node runs the release.
        Assert.Equal(new UpgradeNote(UpgradeNote.Skipped, New, New, $"already at {New}"), Assert.Single(events.OfType<NodeEvents.Provisioned>()).Upgrade);
        Assert.Equal(AgentProcess.LauncherScript(New), File.ReadAllText(launcher));
        Assert.Equal(AgentProcess.LauncherScript(Old), File.ReadAllText(launcher + ".backup"));
        Assert.False(agent.HasExited, agent.Output);
        Assert.Contains($"Starting release {New}", agent.Output);
        var history = await member.Cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(identity), TimeSpan.FromSeconds(10));
        Assert.Single(history.Events, line => line.Contains($"Upgraded {Old}->{New}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_release_with_a_bad_checksum_is_rolled_back_by_the_real_agent_and_its_message_is_in_the_history()
    {
        var spec = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SpecFile))!;
        spec["hash"] = new string('0', spec["hash"]!.GetValue<string>().Length);
        File.WriteAllText(SpecFile, spec.ToJsonString());
        var member = await StartMemberAsync(_server.Url, optional: false);
        var (launcher, directory, identity) = AgentFiles("uprealbad");
        var failed = UpgradeMetrics.Failed.Value;

        using var agent = AgentProcess.Start(launcher, directory, identity);
        var journal = await SettledOrExplainAsync(identity, NodeStage.Failed, agent);

        // The node's own words, as its failed reply carried them.
        const string message = $"Update to version {New} failed, release rolled back: downloaded file had an invalid checksum";
        var failure = journal[identity].OfType<NodeEvents.AttemptFailed>().First();
        Assert.Equal(ProvisioningStep.Upgrade, failure.Step);
        Assert.StartsWith($"update to {New} failed: ", failure.Reason);
        Assert.Contains(message, failure.Reason);
        Assert.Empty(journal[identity].OfType<NodeEvents.Upgraded>());
        Assert.Equal(AgentProcess.LauncherScript(Old), File.ReadAllText(launcher));
        Assert.False(File.Exists(launcher + ".new"));
        Assert.False(agent.HasExited, agent.Output);
        Assert.True(UpgradeMetrics.Failed.Value - failed >= 1);
        var history = await member.Cluster.Nodes.Ask<NodeHistory>(new NodeQueries.GetHistory(identity), TimeSpan.FromSeconds(10));
        Assert.Contains(history.Events, line => line.EndsWith($"AttemptFailed step=Upgrade: {failure.Reason}", StringComparison.Ordinal) && line.Contains(message, StringComparison.Ordinal));
    }

    // A node directory holding a provisioning token that allows updates, and the launcher on the old version.
    private (string Launcher, string Directory, string Identity) AgentFiles(string prefix)
    {
        prefix = Unique(prefix);
        var directory = Directory.CreateDirectory(Path.Combine(World.Dir, prefix)).FullName;
        File.WriteAllText(Path.Combine(directory, "provisioning.jwt"), World.IssueToken("provisioning", OnboardingWorld.AgentToken, allowUpdate: true));
        var launcher = AgentProcess.WriteLauncher(Path.Combine(Directory.CreateDirectory(Path.Combine(World.Dir, prefix + "-bin")).FullName, "choria"), Old);
        return (launcher, directory, $"{prefix}.example.net");
    }

    // The tests share one nats-server: each run's nodes get names of their own.
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<INodeEvent>>> SettledOrExplainAsync(string identity, NodeStage stage, AgentProcess agent)
    {
        try
        {
            return await SettledAsync(identity, 1, stage);
        }
        finally
        {
            output.WriteLine(agent.Output);
        }
    }
}
