using Provisioner.Agent.Fleet;
using Xunit;

namespace Provisioner.Agent.Tests.Fleet;

public class FleetTimingsTests
{
    private static readonly Dictionary<string, double> Answers = new()
    {
        ["choria_provision#jwt"] = 900,
        ["choria_provision#gen25519"] = 1_000,
        ["rpcutil#inventory"] = 1_050,
        ["choria_provision#gencsr"] = 1_100,
        ["choria_provision#configure"] = 1_400,
        ["choria_provision#restart"] = 1_450,
    };

    private static FleetNodeResult Node(string identity, FleetNodeState state, double provisionedMs, IReadOnlyDictionary<string, double> answers) =>
        new(identity, state, [], 1, answers.Count, null, state == FleetNodeState.Provisioned ? TimeSpan.FromMilliseconds(provisionedMs) : null,
            answers.ToDictionary(a => a.Key, a => TimeSpan.FromMilliseconds(a.Value)));

    [Fact]
    public void Times_count_from_the_first_announcement_and_split_into_the_final_attempts_stages()
    {
        var timings = FleetTimings.Of([Node("n1", FleetNodeState.Provisioned, 4_000, Answers)]);

        Assert.Equal(1, timings.Nodes);
        Assert.Equal(1_450, timings.ToRestartAnswered.P99Ms);
        Assert.Equal(4_000, timings.ToProvisioned.P50Ms);
        Assert.Equal(
            [("queue_and_admission", 900.0), ("slot_and_token", 100), ("key", 50), ("inventory", 50), ("csr_sign_jwt", 300), ("configure", 50), ("restart_delay", 2_550)],
            timings.Stages.Select(s => (s.Name, s.Time.P50Ms)));
    }

    [Fact]
    public void Leaves_out_nodes_not_provisioned_or_without_every_answer()
    {
        var withoutInventory = Answers.Where(a => a.Key != "rpcutil#inventory").ToDictionary();

        var timings = FleetTimings.Of(
        [
            Node("n1", FleetNodeState.Provisioned, 4_000, Answers),
            Node("n2", FleetNodeState.Failed, 0, Answers),
            Node("n3", FleetNodeState.Provisioned, 5_000, withoutInventory),
        ]);

        Assert.Equal(1, timings.Nodes);
        Assert.Equal(4_000, timings.ToProvisioned.MaxMs);
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var times = FleetPercentiles.Of(Enumerable.Range(1, 200).Select(i => TimeSpan.FromMilliseconds(i)));

        Assert.Equal((200, 100.0, 190.0, 198.0, 200.0), (times.Count, times.P50Ms, times.P95Ms, times.P99Ms, times.MaxMs));
        Assert.Equal(100.5, times.MeanMs);
    }
}
