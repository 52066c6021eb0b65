using Provisioner.Agent.Fleet;
using Provisioner.Agent.Upgrades;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// choria-v2 §4 and acceptance scenarios 18-22 end to end under protocol v2: a member on an org issuer network with
/// feature <c>upgrades</c> and a helper naming the target version, a real release repository over HTTP, and fleets of
/// simulated nodes speaking v2 on a real nats-server. The helper picks the target by identity prefix, so one member
/// meets every case at once.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class ReleaseUpdateV2OnboardingTests(NatsServerFixture nats) : OrgIssuerNetworkTest(nats)
{
    private string _repositoryDir = null!;
    private StaticFileServer _repository = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _repositoryDir = Directory.CreateTempSubdirectory("release-repo-").FullName;
        var binary = Path.Combine(World.Dir, "choria");
        File.WriteAllText(binary, "#!/bin/sh\necho a release\n");
        ReleasePublisher.Publish(_repositoryDir, "0.30.0", binary, ReleasePlatform.Current);
        // 0.32.0 names the hash in upper case, which go-updater compares exactly (scenario 20); 0.31.0 is missing (19).
        var spoiled = ReleasePublisher.Publish(_repositoryDir, "0.32.0", binary, ReleasePlatform.Current);
        var spec = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(spoiled))!;
        spec["hash"] = spec["hash"]!.GetValue<string>().ToUpperInvariant();
        File.WriteAllText(spoiled, spec.ToJsonString());
        _repository = new StaticFileServer(_repositoryDir);
    }

    public override async Task DisposeAsync()
    {
        _repository.Dispose();
        await base.DisposeAsync();
        Directory.Delete(_repositoryDir, recursive: true);
    }

    private Task StartMemberAsync(bool optional)
    {
        var helper = World.WriteHelper("""
            input=$(cat)
            case "$input" in
              *'"identity":"u19'*|*'"identity":"o19'*) target=0.31.0 ;;
              *'"identity":"u20'*) target=0.32.0 ;;
              *'"identity":"u22eq'*) target=0.29.4 ;;
              *) target=0.30.0 ;;
            esac
            echo "{\"configuration\":{\"plugin.choria.server.provision\":\"false\"},\"upgrade\":\"$target\"}"
            """);
        return World.StartMemberAsync($"""
            {Network.MemberSettings}
            helper = "{helper}"
            features = ["jwt", "pki", "ed25519", "upgrades"]
            upgrades.repository = "{_repository.Url}"
            upgrades.optional = {(optional ? "on" : "off")}
            """);
    }

    private Task<FleetResult> RunFleetAsync(string prefix, string version, bool allowUpdate, TimeSpan timeout) =>
        new FleetSimulator(new FleetOptions
        {
            Nodes = 2,
            Token = Network.ProvisioningToken(protocolV2: true, allowUpdate: allowUpdate),
            BrokerUrls = [Nats.Url],
            Concurrency = 2,
            Connections = 1,
            IdentityPrefix = prefix,
            RestartDelay = TimeSpan.FromMilliseconds(100),
            RandomSeed = 7,
            Timeout = timeout,
            NodeVersion = version,
        }).RunAsync();

    private static string SpecUrlPath(string version) =>
        $"/{ReleaseRepositoryLayout.Directory(version, ReleasePlatform.Current)}/{ReleaseRepositoryLayout.SpecFile}";

    [Fact]
    public async Task Scenarios_21_and_22_v2_nodes_upgrade_restart_on_the_new_version_and_are_then_configured_without_another_upgrade()
    {
        await StartMemberAsync(optional: false);

        var fleets = await Task.WhenAll(
            RunFleetAsync("u21ok", "0.29.0", allowUpdate: true, TimeSpan.FromMinutes(2)),
            RunFleetAsync("u22v", "v0.30.0", allowUpdate: true, TimeSpan.FromMinutes(2)),
            RunFleetAsync("u22eq", "0.29.04", allowUpdate: true, TimeSpan.FromMinutes(2)));

        Assert.All(fleets, f => Assert.True(f.AllProvisioned, f.SummaryLine));
        Assert.All(fleets.SelectMany(f => f.Nodes), n => Assert.True(n.SpeaksProtocolV2, n.Identity));
        // Scenario 22: 0.29.04 equals 0.29.4, so no release_update; v0.30.0 differs from 0.30.0, so one is sent.
        Assert.All(fleets[0].Nodes.Concat(fleets[1].Nodes), n => Assert.Equal((1, "0.30.0"), (n.Upgrades, n.Version)));
        Assert.All(fleets[2].Nodes, n => Assert.Equal((0, "0.29.04"), (n.Upgrades, n.Version)));
        Assert.DoesNotContain(_repository.Requests, r => r.Path == SpecUrlPath("0.29.4"));
        Assert.Equal(4, _repository.Requests.Count(r => r == (SpecUrlPath("0.30.0"), 200)));

        foreach (var (prefix, from) in new[] { ("u21ok", "0.29.0"), ("u22v", "v0.30.0") })
        {
            var nodes = await ProvisionedEventsAsync(prefix);
            Assert.All(nodes, events =>
            {
                // Scenario 21: upgraded once from the old version; the node came back on 0.30.0 (its inventory says so)
                // and the next attempt skipped release_update and configured it.
                var upgraded = Assert.Single(events.OfType<NodeEvents.Upgraded>());
                Assert.Equal((from, "0.30.0"), (upgraded.FromVersion, upgraded.ToVersion));
                Assert.StartsWith("Restarting Choria Server after ", upgraded.Message, StringComparison.Ordinal);
                var provisioned = events.OfType<NodeEvents.Provisioned>().Last();
                Assert.Equal((UpgradeNote.Skipped, "0.30.0", "0.30.0"), (provisioned.Upgrade!.Outcome, provisioned.Upgrade.From, provisioned.Upgrade.To));
                Assert.True(events.IndexOf(upgraded) < events.IndexOf(provisioned));
                Assert.True(SpecChainCheck.Verifies(ServerJwts(events).Last().ServerJwt, Network.OrgPublicKey));
            });
        }
        var equal = await ProvisionedEventsAsync("u22eq");
        Assert.All(equal, events =>
        {
            Assert.Empty(events.OfType<NodeEvents.Upgraded>());
            var note = events.OfType<NodeEvents.Provisioned>().Last().Upgrade!;
            Assert.Equal((UpgradeNote.Skipped, "0.29.04", "0.29.4"), (note.Outcome, note.From, note.To));
        });
    }

    [Fact]
    public async Task Scenarios_18_19_20_a_refused_or_failed_v2_upgrade_fails_the_attempt_with_choria_words_and_leaves_the_node_as_it_was()
    {
        await StartMemberAsync(optional: false);
        var timeout = TimeSpan.FromSeconds(25);

        var fleets = await Task.WhenAll(
            RunFleetAsync("u18", "0.29.0", allowUpdate: false, timeout),
            RunFleetAsync("u19", "0.29.0", allowUpdate: true, timeout),
            RunFleetAsync("u20", "0.29.0", allowUpdate: true, timeout));

        // The member names the target, then quotes the node's answer (the RPC client adds who answered and the code).
        var reasons = new[]
        {
            ("", "does not support upgrades"),
            ("update to 0.31.0 failed: ", $"Update to version 0.31.0 failed, release rolled back: release 0.31.0 not found: could not fetch release from {_repository.Url}{SpecUrlPath("0.31.0")}: 404 Not Found"),
            ("update to 0.32.0 failed: ", "Update to version 0.32.0 failed, release rolled back: downloaded file had an invalid checksum"),
        };
        for (var i = 0; i < fleets.Length; i++)
        {
            Assert.Equal(0, fleets[i].Provisioned);
            Assert.All(fleets[i].Nodes, n => Assert.Equal((0, "0.29.0"), (n.Upgrades, n.Version)));
            var prefix = new[] { "u18", "u19", "u20" }[i];
            var failures = await World.FailedAttemptsAsync(prefix);
            Assert.Equal(2, failures.Count);
            Assert.All(failures.Values, f => Assert.Contains(f, a => a.Step == ProvisioningStep.Upgrade && a.Reason.StartsWith(reasons[i].Item1, StringComparison.Ordinal) && a.Reason.Contains(reasons[i].Item2, StringComparison.Ordinal)));
            Assert.DoesNotContain((await World.JournalAsync(prefix)), r => r.FinalStage == NodeStage.Provisioned);
        }
    }

    [Fact]
    public async Task Scenarios_18_and_19_with_upgrades_optional_the_v2_node_is_configured_anyway_with_the_reason_noted()
    {
        await StartMemberAsync(optional: true);

        var fleets = await Task.WhenAll(
            RunFleetAsync("o18", "0.29.0", allowUpdate: false, TimeSpan.FromMinutes(2)),
            RunFleetAsync("o19", "0.29.0", allowUpdate: true, TimeSpan.FromMinutes(2)));

        Assert.All(fleets, f => Assert.True(f.AllProvisioned, f.SummaryLine));
        Assert.All(fleets.SelectMany(f => f.Nodes), n => Assert.Equal((0, "0.29.0"), (n.Upgrades, n.Version)));
        foreach (var (prefix, to, reason) in new[] { ("o18", "0.30.0", "does not support upgrades"), ("o19", "0.31.0", "release 0.31.0 not found") })
        {
            Assert.All(await ProvisionedEventsAsync(prefix), events =>
            {
                var note = events.OfType<NodeEvents.Provisioned>().Last().Upgrade!;
                Assert.Equal((UpgradeNote.Continued, "0.29.0", to), (note.Outcome, note.From, note.To));
                Assert.Contains(reason, note.Message, StringComparison.Ordinal);
                Assert.True(SpecChainCheck.Verifies(ServerJwts(events).Last().ServerJwt, Network.OrgPublicKey));
            });
        }
    }

    // Every node under the prefix once the journal has it provisioned, its events oldest first.
    private async Task<IReadOnlyList<List<INodeEvent>>> ProvisionedEventsAsync(string prefix)
    {
        await Eventually.TrueAsync(async () => (await World.JournalAsync(prefix)).Count(r => r.FinalStage == NodeStage.Provisioned) == 2, TimeSpan.FromSeconds(30));
        var events = await World.EventsAsync(prefix);
        Assert.Equal(2, events.Count);
        return [.. events.Values.Select(e => e.ToList())];
    }

    private static IEnumerable<NodeEvents.JwtIssued> ServerJwts(IEnumerable<INodeEvent> events) =>
        events.OfType<NodeEvents.CredentialsIssued>().Where(c => c.ServerJwt is not null).Select(c => c.ServerJwt!);
}
