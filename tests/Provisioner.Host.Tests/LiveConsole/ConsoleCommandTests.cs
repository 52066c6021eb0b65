using Akka.Event;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Testing;
using Xunit;
using static Provisioner.Host.Tests.LiveConsole.ConsoleMemberFixture;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>Every built-in command through the real TCP endpoint of a running member.</summary>
[Collection(ConsoleMemberCollection.Name)]
public sealed class ConsoleCommandTests(ConsoleMemberFixture fixture)
{
    private ConsoleAddress Address => fixture.Trusting;

    private string Self => fixture.Member.AkkaAddress;

    [Fact]
    public async Task Bound_address_is_written_to_the_endpoint_file_and_logged()
    {
        Assert.Equal($"127.0.0.1:{fixture.Member.Endpoint.EndPoint.Port}\n", await File.ReadAllTextAsync(fixture.EndpointFile));
        var lines = (await ConsoleCalls.RunAsync(Address, "log", "recent", "1000")).Lines();
        Assert.Contains(lines, l => l.Contains($"console listening on 127.0.0.1:{fixture.Member.Endpoint.EndPoint.Port} for {fixture.Incarnation} (0 authorized keys; loopback may change the cluster)"));
    }

    [Fact]
    public async Task Describe_lists_every_palette_with_commands_arguments_and_which_change_the_cluster()
    {
        var responses = await ConsoleCalls.RunAsync(Address, "describe");
        var palettes = responses.Single(r => r.Kind == ResponseKinds.Palette).Palettes!;
        // Another test registers an echo palette on the same member.
        Assert.Equal(["actor", "cluster", "log", "node", "provisioner", "shard"], palettes.Select(p => p.Name).Where(n => n != "echo"));
        var cluster = palettes.Single(p => p.Name == "cluster");
        Assert.Equal(["show", "leader", "leave", "down", "down-unreachable", "tail"], cluster.Commands.Select(c => c.Name));
        Assert.True(cluster.Commands.Single(c => c.Name == "down").ChangesState);
        Assert.True(cluster.Commands.Single(c => c.Name == "tail").Streaming);
        Assert.False(cluster.Commands.Single(c => c.Name == "show").ChangesState);
        var list = palettes.Single(p => p.Name == "node").Commands.Single(c => c.Name == "list");
        Assert.Contains("Failed", list.Arguments.Single(a => a.Name == "--stage").Choices!);
        responses.AssertEnded();
    }

    [Fact]
    public async Task Cluster_show_has_one_line_per_member_with_address_roles_status_reachability_and_version()
    {
        var responses = await ConsoleCalls.RunAsync(Address, "cluster", "show");
        Assert.Equal(["address", "roles", "status", "reachability", "version"], responses.Single(r => r.Kind == ResponseKinds.Table).Columns!);
        var row = Assert.Single(responses.Rows());
        Assert.Equal([Self, "-", "Up", "reachable"], row.Take(4));
        Assert.False(string.IsNullOrEmpty(row[4]));
        responses.AssertEnded();
    }

    [Fact]
    public async Task Cluster_leader_names_the_cluster_leader_and_the_provisioning_leader()
    {
        var lines = (await ConsoleCalls.RunAsync(Address, "cluster", "leader")).Lines();
        Assert.Equal([$"cluster leader: {Self}", $"provisioning leader: {Self}"], lines);
    }

    [Fact]
    public async Task Cluster_down_unreachable_with_every_member_reachable_downs_nothing()
    {
        var responses = await ConsoleCalls.RunAsync(Address, "cluster", "down-unreachable");
        Assert.Equal(["no member is unreachable; nothing downed"], responses.Lines());
        responses.AssertEnded();
    }

    [Fact]
    public async Task Cluster_leave_of_an_address_that_is_no_member_fails_and_lists_the_members()
    {
        var final = (await ConsoleCalls.RunAsync(Address, "cluster", "leave", "127.0.0.1:1")).Final();
        Assert.Equal(ConsoleErrorCodes.Failed, final.Code);
        Assert.Equal($"no member has address 127.0.0.1:1; members: {Self}", final.Message);
    }

    [Fact]
    public async Task Cluster_tail_streams_the_current_members_first_and_ends_cleanly_when_cancelled()
    {
        await using var client = await ConsoleCalls.ConnectAsync(Address);
        using var stop = new CancellationTokenSource();
        var responses = new List<ConsoleResponse>();
        await foreach (var response in client.RunAsync(["cluster", "tail"], stop.Token))
        {
            responses.Add(response);
            if (response.Text?.Contains($"MemberUp {Self}") == true)
            {
                await stop.CancelAsync();
            }
        }
        responses.AssertEnded();
        (await client.CollectAsync(["cluster", "show"], CancellationToken.None)).AssertEnded();
    }

    [Fact]
    public async Task Actor_hierarchy_shows_user_and_system_actors_as_an_indented_tree()
    {
        var lines = (await ConsoleCalls.RunAsync(Address, "actor", "hierarchy")).Lines();
        Assert.Equal("/user", lines[0]);
        Assert.Contains("  leader", lines);
        Assert.Contains("  leader-proxy", lines);
        Assert.Contains("/system", lines);
        Assert.Contains("  sharding", lines);
        Assert.Contains("    node", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("  $"));
    }

    [Fact]
    public async Task Actor_hierarchy_under_a_root_shows_only_that_subtree()
    {
        var lines = (await ConsoleCalls.RunAsync(Address, "actor", "hierarchy", "--root", "/system/sharding", "--depth", "1")).Lines();
        Assert.Equal("/system/sharding", lines[0]);
        Assert.Contains("  node", lines);
        Assert.DoesNotContain(lines, l => l.Contains("leader"));
    }

    [Fact]
    public async Task Shard_regions_lists_the_node_region_on_this_member_with_its_shards_and_entities()
    {
        var responses = await ConsoleCalls.RunAsync(Address, "shard", "regions");
        var row = responses.Rows().Single(r => r[0] == "node");
        Assert.Equal(Self, row[1]);
        Assert.Equal("/system/sharding/node", row[2]);
        Assert.True(int.Parse(row[3]) >= 1 && int.Parse(row[4]) >= 1, string.Join(" ", row));
    }

    [Fact]
    public async Task Shard_stats_counts_shards_and_entities_per_member_and_this_members_shards()
    {
        var responses = await ConsoleCalls.RunAsync(Address, "shard", "stats");
        var rows = responses.Rows();
        Assert.Equal([Self, "total"], rows.Select(r => r[0]));
        Assert.True(int.Parse(rows[0][2]) >= 2, "both nodes are entities");
        Assert.Equal(rows[0].Take(3).Skip(1), rows[1].Take(3).Skip(1));
        Assert.StartsWith($"this member ({Self}) hosts ", Assert.Single(responses.Lines()));
    }

    [Fact]
    public async Task Shard_stats_of_an_unknown_type_is_a_usage_error_naming_the_types()
    {
        var final = (await ConsoleCalls.RunAsync(Address, "shard", "stats", "--type", "nope")).Final();
        Assert.Equal(ConsoleErrorCodes.Usage, final.Code);
        Assert.Equal("--type must be one of node, got 'nope'", final.Message);
    }

    [Fact]
    public async Task Node_show_gives_stage_attempt_tries_error_timestamps_and_hosting_member()
    {
        var provisioned = await ConsoleCalls.RunAsync(Address, "node", "show", Provisioned);
        Assert.Equal("Provisioned", provisioned.Field("stage"));
        Assert.Equal("1", provisioned.Field("attempt"));
        Assert.Equal("0", provisioned.Field("tries"));
        Assert.Equal("-", provisioned.Field("last error"));
        Assert.Matches("^[0-9a-f]{32}$", provisioned.Field("certificate serial"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", provisioned.Field("provisioned at"));
        Assert.Equal(Self, provisioned.Field("hosted by"));

        var failed = await ConsoleCalls.RunAsync(Address, "node", "show", Failed);
        Assert.Equal("Failed", failed.Field("stage"));
        Assert.Equal(FailReason, failed.Field("last error"));
    }

    [Fact]
    public async Task Node_show_of_an_identity_never_seen_fails_without_waking_an_entity()
    {
        var final = (await ConsoleCalls.RunAsync(Address, "node", "show", "typo.example.net")).Final();
        Assert.Equal(ConsoleErrorCodes.Failed, final.Code);
        Assert.Equal("node typo.example.net is unknown: nothing about it is in the journal", final.Message);
    }

    [Fact]
    public async Task Node_commands_refuse_an_identity_that_breaks_the_identity_rule_as_a_usage_error()
    {
        foreach (var command in new[] { "show", "history", "retry" })
        {
            var final = (await ConsoleCalls.RunAsync(Address, "node", command, "n1.*")).Final();
            Assert.Equal(ConsoleErrorCodes.Usage, final.Code);
            Assert.Equal("identity 'n1.*' must not contain the NATS wildcards '*' or '>'", final.Message);
        }
    }

    [Fact]
    public async Task Node_history_lists_the_persisted_events_oldest_first()
    {
        var lines = (await ConsoleCalls.RunAsync(Address, "node", "history", Provisioned)).Lines();
        var kinds = lines.Select(l => l.Split(' ')[3]).ToList();
        Assert.Equal(["AttemptAccepted", "CredentialsIssued", "Provisioned"], kinds);
        Assert.All(lines, l => Assert.Contains(" attempt 1 ", l));
    }

    [Fact]
    public async Task Node_list_shows_journal_nodes_filtered_by_stage_and_limited()
    {
        var all = await ConsoleCalls.RunAsync(Address, "node", "list");
        Assert.Contains(all.Rows(), r => r[0] == Provisioned && r[1] == "Provisioned");
        Assert.Contains(all.Rows(), r => r[0] == Failed && r[1] == "Failed" && r[4] == FailReason);

        var failed = await ConsoleCalls.RunAsync(Address, "node", "list", "--stage", "failed");
        Assert.Equal([Failed], failed.Rows().Select(r => r[0]));

        var one = await ConsoleCalls.RunAsync(Address, "node", "list", "--limit", "1");
        Assert.Single(one.Rows());
        Assert.StartsWith("1 listed; ", one.Lines().Single());
    }

    [Fact]
    public async Task Node_list_with_a_bad_limit_is_a_usage_error_naming_the_option()
    {
        var final = (await ConsoleCalls.RunAsync(Address, "node", "list", "--limit", "0")).Final();
        Assert.Equal(ConsoleErrorCodes.Usage, final.Code);
        Assert.Equal("--limit must be a whole number from 1 to 1000, got '0'", final.Message);
    }

    [Fact]
    public async Task Node_retry_from_loopback_starts_a_new_attempt_of_a_failed_node()
    {
        var before = int.Parse((await ConsoleCalls.RunAsync(Address, "node", "show", Failed)).Field("attempt"));
        var responses = await ConsoleCalls.RunAsync(Address, "node", "retry", Failed);
        responses.AssertEnded();
        Assert.Equal($"{Failed}: new attempt started (Started)", responses.Lines().Single());
        await Eventually.TrueAsync(async () =>
        {
            var view = await ConsoleCalls.RunAsync(Address, "node", "show", Failed);
            return int.Parse(view.Field("attempt")) == before + 1 && view.Field("stage") == "Failed";
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Provisioner_status_pause_and_resume_show_the_leaders_view()
    {
        var status = await ConsoleCalls.RunAsync(Address, "provisioner", "status");
        Assert.Equal(Self, status.Field("leader"));
        Assert.Equal("no", status.Field("paused"));
        Assert.True(int.Parse(status.Field("provisioned")) >= 1);
        Assert.EndsWith(" of 10", status.Field("in flight"));

        Assert.Equal("yes", (await ConsoleCalls.RunAsync(Address, "provisioner", "pause")).Field("paused"));
        Assert.Equal("yes", (await ConsoleCalls.RunAsync(Address, "provisioner", "status")).Field("paused"));
        Assert.Equal("no", (await ConsoleCalls.RunAsync(Address, "provisioner", "resume")).Field("paused"));
    }

    [Fact]
    public async Task Log_recent_shows_the_last_lines_of_the_members_log()
    {
        var marker = $"recent-marker-{Guid.NewGuid():N}";
        fixture.Member.System.Log.Warning(marker);
        await Eventually.TrueAsync(async () =>
            (await ConsoleCalls.RunAsync(Address, "log", "recent", "5", "--level", "warning")).Lines().Any(l => l.Contains($"WARNING") && l.EndsWith(marker)));
        var two = (await ConsoleCalls.RunAsync(Address, "log", "recent", "2")).Lines();
        Assert.Equal(2, two.Count);
    }

    [Fact]
    public async Task Log_tail_streams_new_lines_until_cancelled()
    {
        await using var client = await ConsoleCalls.ConnectAsync(Address);
        var marker = $"tail-marker-{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var responses = new List<ConsoleResponse>();
        var logging = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                fixture.Member.System.Log.Info(marker);
                await Task.Delay(200);
            }
        });
        await foreach (var response in client.RunAsync(["log", "tail", "--level", "info"], stop.Token))
        {
            responses.Add(response);
            if (response.Text?.EndsWith(marker) == true)
            {
                await stop.CancelAsync();
            }
        }
        await logging;
        Assert.Contains(responses, r => r.Text?.Contains($"INFO    ") == true && r.Text.EndsWith(marker));
        responses.AssertEnded();
    }

    [Fact]
    public async Task Command_with_missing_or_extra_arguments_gets_its_usage()
    {
        var missing = (await ConsoleCalls.RunAsync(Address, "node", "show")).Final();
        Assert.Equal(ConsoleErrorCodes.Usage, missing.Code);
        Assert.Equal("missing argument <identity>; usage: node show <identity>", missing.Message);
        var extra = (await ConsoleCalls.RunAsync(Address, "cluster", "show", "now")).Final();
        Assert.Equal("unexpected argument 'now'; usage: cluster show", extra.Message);
    }

    [Fact]
    public async Task Registered_palette_is_described_and_served()
    {
        fixture.Member.Endpoint.Register(new EchoPalette());
        var described = (await ConsoleCalls.RunAsync(Address, "describe")).Single(r => r.Kind == ResponseKinds.Palette).Palettes!;
        Assert.Contains(described, p => p.Name == "echo" && p.Commands.Single().Name == "say");
        var lines = (await ConsoleCalls.RunAsync(Address, "echo", "say", "hello world")).Lines();
        Assert.Equal(["hello world"], lines);
        Assert.Throws<ArgumentException>(() => fixture.Member.Endpoint.Register(new EchoPalette()));
    }

    private sealed class EchoPalette : ICommandPalette
    {
        public string Name => "echo";

        public string Help => "Says things back";

        public IReadOnlyList<ConsoleCommand> Commands =>
        [
            new("say", "Says the text back", [CommandArgument.Positional("text", "What to say")],
                (invocation, cancellation) => invocation.LineAsync(invocation.Required("text"), cancellation)),
        ];
    }
}
