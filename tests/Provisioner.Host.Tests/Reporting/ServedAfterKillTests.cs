using System.Text.Json;
using Provisioner.Actors.Journal;
using Provisioner.Host.Reporting;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Host.Tests.Reporting;

public sealed class ServedAfterKillTests
{
    private static readonly DateTimeOffset Kill = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    private static NodeRecord Provisioned(string identity, DateTimeOffset started, DateTimeOffset done, string member) =>
        new(identity, NodeStage.Provisioned, 1, ["S"], ["J"], null, started, done, done - started, member, 3, []);

    [Fact]
    public void Counts_from_the_kill_to_the_first_node_whose_attempt_started_after_it_not_one_a_survivor_was_already_running()
    {
        var records = new[]
        {
            Provisioned("before", Kill.AddSeconds(-20), Kill.AddSeconds(-10), "m1"),
            // A survivor's attempt that was running at the kill ends first, but needed no failover.
            Provisioned("running-at-kill", Kill.AddSeconds(-2), Kill.AddSeconds(1), "m2"),
            Provisioned("served-later", Kill.AddSeconds(12), Kill.AddSeconds(14), "m3"),
            Provisioned("served-first", Kill.AddSeconds(9), Kill.AddSeconds(11.5), "m2"),
            new NodeRecord("still-running", NodeStage.JwtIssued, 1, ["S"], ["J"], null, Kill.AddSeconds(9), null, null, null, 2, []),
        };

        var served = ServedAfterKill.Of(records, Kill);

        Assert.Equal((TimeSpan.FromSeconds(11.5), "served-first", "m2", 2), (served.FirstProvisioned, served.Identity, served.Member, served.NodesServed));
    }

    [Fact]
    public void From_a_new_leader_leaves_out_the_dead_leaders_last_starts_and_still_times_from_the_kill()
    {
        var newLeader = Kill.AddMilliseconds(9_600);
        var records = new[]
        {
            // Started by the dead leader's last start message, delivered just after the kill.
            Provisioned("in-flight-at-kill", Kill.AddMilliseconds(50), Kill.AddMilliseconds(300), "m2"),
            Provisioned("served-later", Kill.AddSeconds(12), Kill.AddSeconds(14), "m3"),
            Provisioned("served-first", newLeader, Kill.AddMilliseconds(10_200), "m2"),
        };

        var fromKill = ServedAfterKill.Of(records, Kill);
        var fromLeader = ServedAfterKill.Of(records, Kill, newLeader);

        Assert.Equal((TimeSpan.FromMilliseconds(300), "in-flight-at-kill", 3, false), (fromKill.FirstProvisioned, fromKill.Identity, fromKill.NodesServed, fromKill.FromNewLeader));
        Assert.Equal((TimeSpan.FromMilliseconds(10_200), "served-first", 2, true), (fromLeader.FirstProvisioned, fromLeader.Identity, fromLeader.NodesServed, fromLeader.FromNewLeader));
        Assert.Equal(newLeader, fromLeader.CountedFrom);
    }

    [Fact]
    public void The_summary_json_names_where_the_count_began_under_the_keys_bench_reads()
    {
        var newLeader = Kill.AddMilliseconds(9_600);
        var records = new[] { Provisioned("served-first", newLeader, Kill.AddMilliseconds(10_200), "m2") };
        var summary = ProvisioningSummary.Of(records, members: 2) with { Failover = ServedAfterKill.Of(records, Kill, newLeader) };

        var failover = JsonDocument.Parse(summary.ToJson()).RootElement.GetProperty("failover");

        Assert.Equal(Kill, failover.GetProperty("killed_at").GetDateTimeOffset());
        Assert.Equal(newLeader, failover.GetProperty("counted_from").GetDateTimeOffset());
        Assert.Equal(10.2, failover.GetProperty("kill_to_first_provisioned_s").GetDouble());
        Assert.Equal(1, failover.GetProperty("nodes_from_attempts_counted").GetInt32());
        Assert.Equal("served-first", failover.GetProperty("first_identity").GetString());
        Assert.StartsWith("SIGKILL to the first node provisioned from an attempt that started at or after the new leader's start",
            failover.GetProperty("measured_as").GetString());
    }

    [Fact]
    public void A_new_leader_before_the_kill_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ServedAfterKill.Of([], Kill, Kill.AddSeconds(-1)));

        Assert.StartsWith("the new leader's start 2026-12-05T09:59:59.0000000+00:00 is before the kill 2026-12-05T10:00:00.0000000+00:00", e.Message);
    }

    [Fact]
    public void Nothing_served_after_the_kill_reports_no_time()
    {
        var served = ServedAfterKill.Of([Provisioned("before", Kill.AddSeconds(-20), Kill.AddSeconds(-10), "m1")], Kill);

        Assert.Equal((null, 0), (served.FirstProvisioned, served.NodesServed));
    }
}
