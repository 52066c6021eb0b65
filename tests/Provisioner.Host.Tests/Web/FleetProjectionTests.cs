using Provisioner.Actors.Journal;
using Provisioner.Host.Web;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Host.Tests.Web;

public sealed class FleetProjectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private long _ordering;
    private readonly Dictionary<string, long> _sequence = [];

    private JournalEntry Entry(INodeEvent e)
    {
        var sequence = _sequence[e.Identity] = _sequence.GetValueOrDefault(e.Identity) + 1;
        return new JournalEntry(++_ordering, sequence, e);
    }

    private static IEnumerable<INodeEvent> Provisioning(string identity, DateTimeOffset at, string member = "akka.tcp://provisioner@127.0.0.1:4053") =>
    [
        new NodeEvents.AttemptStarted(identity, 1, at, AttemptTrigger.LifecycleEvent),
        new NodeEvents.TokenChecked(identity, 1, at, ""),
        new NodeEvents.Inventoried(identity, 1, at, "{}", "0.29.4"),
        new NodeEvents.Configured(identity, 1, at, "Wrote 5 lines"),
        new NodeEvents.Provisioned(identity, 1, at, member),
    ];

    private static Dictionary<string, (int Now, int Reached)> Funnel(FleetProjection projection) =>
        projection.Funnel().ToDictionary(s => s.Stage, s => (s.Now, s.Reached));

    [Fact]
    public void Each_node_counts_once_at_the_stage_its_entity_would_recover_to_and_at_every_funnel_stage_before_it()
    {
        var projection = new FleetProjection();
        foreach (var e in Provisioning("a.example.net", T0)) projection.Apply(Entry(e));
        projection.Apply(Entry(new NodeEvents.AttemptStarted("b.example.net", 1, T0, AttemptTrigger.LifecycleEvent)));
        projection.Apply(Entry(new NodeEvents.TokenChecked("b.example.net", 1, T0, "")));
        projection.Apply(Entry(new NodeEvents.StepRetried("b.example.net", 1, T0, ProvisioningStep.Inventory, 1, "timeout")));
        projection.Apply(Entry(new NodeEvents.AttemptStarted("c.example.net", 1, T0, AttemptTrigger.LifecycleEvent)));

        var funnel = Funnel(projection);
        Assert.Equal(3, projection.Nodes);
        Assert.Equal((1, 3), funnel["Started"]);
        Assert.Equal((1, 2), funnel["TokenChecked"]);
        Assert.Equal((0, 1), funnel["Inventoried"]);
        Assert.Equal((1, 1), funnel["Provisioned"]);
        Assert.Equal(FleetProjection.Pipeline.Select(s => s.ToString()), projection.Funnel().Select(s => s.Stage));
    }

    [Fact]
    public void An_entry_read_again_changes_nothing_and_the_next_read_starts_an_overlap_before_the_cursor()
    {
        var projection = new FleetProjection();
        var entries = Provisioning("a.example.net", T0).Select(Entry).ToList();
        foreach (var entry in entries) projection.Apply(entry);
        foreach (var entry in entries) projection.Apply(entry);

        Assert.Equal((1, 1), Funnel(projection)["Provisioned"]);
        Assert.Equal((0, 1), Funnel(projection)["Started"]);
        Assert.Equal(1, projection.ProvisionedBy("akka.tcp://provisioner@127.0.0.1:4053"));
        Assert.Equal(5, projection.Cursor);
        Assert.Equal(0, projection.ReadAfter);

        projection.Apply(new JournalEntry(FleetProjection.Overlap + 100, 1, new NodeEvents.AttemptStarted("z.example.net", 1, T0, AttemptTrigger.LifecycleEvent)));
        Assert.Equal(100, projection.ReadAfter);
    }

    [Fact]
    public void A_new_attempt_moves_a_failed_node_back_into_the_funnel()
    {
        var projection = new FleetProjection();
        projection.Apply(Entry(new NodeEvents.AttemptStarted("a.example.net", 1, T0, AttemptTrigger.LifecycleEvent)));
        projection.Apply(Entry(new NodeEvents.AttemptFailed("a.example.net", 1, T0, ProvisioningStep.Gen25519, "invalid nonce signature")));
        Assert.Equal(1, projection.Outcomes().Single(o => o.Stage == "Failed").Now);
        Assert.Equal((0, 0), Funnel(projection)["Started"]);

        projection.Apply(Entry(new NodeEvents.AttemptStarted("a.example.net", 2, T0, AttemptTrigger.LifecycleEvent)));
        Assert.Equal(0, projection.Outcomes().Single(o => o.Stage == "Failed").Now);
        Assert.Equal((1, 1), Funnel(projection)["Started"]);
    }

    [Fact]
    public void Failures_and_deferrals_are_kept_newest_first_with_their_reason_up_to_the_limit()
    {
        var projection = new FleetProjection();
        for (var i = 0; i < FleetProjection.FailuresKept + 5; i++)
        {
            projection.Apply(Entry(new NodeEvents.AttemptFailed($"n{i}.example.net", 1, T0.AddSeconds(i), ProvisioningStep.Gencsr, $"reason {i}")));
        }
        projection.Apply(Entry(new NodeEvents.AttemptDeferred("late.example.net", 1, T0.AddSeconds(-10), "helper deferred")));
        projection.Apply(Entry(new NodeEvents.AttemptDeferred("d.example.net", 3, T0.AddSeconds(100), "helper deferred")));

        var failures = projection.Failures();
        Assert.Equal(FleetProjection.FailuresKept, failures.Count);
        Assert.Equal(new FailureRow(T0.AddSeconds(100), "d.example.net", 3, "deferred", "helper deferred"), failures[0]);
        Assert.Equal(new FailureRow(T0.AddSeconds(24), "n24.example.net", 1, "Gencsr", "reason 24"), failures[1]);
        Assert.DoesNotContain(failures, f => f.Identity == "late.example.net");
        Assert.Equal(failures.OrderByDescending(f => f.At), failures);
    }

    [Fact]
    public void The_rate_counts_attempts_ended_per_second_over_the_last_two_minutes()
    {
        var projection = new FleetProjection();
        foreach (var e in Provisioning("a.example.net", T0)) projection.Apply(Entry(e));
        foreach (var e in Provisioning("b.example.net", T0.AddMilliseconds(500))) projection.Apply(Entry(e));
        foreach (var e in Provisioning("c.example.net", T0.AddSeconds(-3))) projection.Apply(Entry(e));
        projection.Apply(Entry(new NodeEvents.AttemptFailed("d.example.net", 1, T0, ProvisioningStep.Jwt, "no token")));
        foreach (var e in Provisioning("old.example.net", T0.AddSeconds(-FleetProjection.RateSeconds))) projection.Apply(Entry(e));

        var rate = projection.Rate(T0.AddSeconds(1));

        Assert.Equal(FleetProjection.RateSeconds, rate.Count);
        Assert.Equal(Enumerable.Range(0, FleetProjection.RateSeconds).Reverse(), rate.Select(p => p.SecondsAgo));
        Assert.Equal(new RatePoint(1, 2, 1), rate.Single(p => p.SecondsAgo == 1));
        Assert.Equal(new RatePoint(4, 1, 0), rate.Single(p => p.SecondsAgo == 4));
        Assert.Equal(3, rate.Sum(p => p.Provisioned));
        Assert.Equal(4, projection.ProvisionedBy("akka.tcp://provisioner@127.0.0.1:4053"));
    }
}
