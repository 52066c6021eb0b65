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
    public void Nothing_served_after_the_kill_reports_no_time()
    {
        var served = ServedAfterKill.Of([Provisioned("before", Kill.AddSeconds(-20), Kill.AddSeconds(-10), "m1")], Kill);

        Assert.Equal((null, 0), (served.FirstProvisioned, served.NodesServed));
    }
}
