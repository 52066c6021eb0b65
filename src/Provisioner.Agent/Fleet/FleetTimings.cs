using Provisioner.Messages.Wire;

namespace Provisioner.Agent.Fleet;

/// <summary>
/// Where a fleet's time went, as the nodes saw it: from each node's first announcement (so the wait in the leader's
/// queue, the token check before admission and every earlier attempt count) to its answer to <c>restart</c> (the
/// provisioner's work done) and to its return as a server (its restart delay included), and between the answers of
/// the final attempt's steps. Only provisioned nodes that answered every step count.
/// </summary>
public sealed record FleetTimings(
    int Nodes,
    FleetPercentiles ToRestartAnswered,
    FleetPercentiles ToProvisioned,
    IReadOnlyList<FleetTimings.FleetStageTiming> Stages)
{
    /// <summary>
    /// The stages in protocol order: from the answer that ends the previous stage to the one that ends this. The last
    /// <c>jwt</c> answer is usually the leader's admission check, whose answer the attempt verifies without asking again,
    /// so <c>slot_and_token</c> holds the wait for an in-flight slot as well as the attempt's start.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string? From, string? To)> StageBounds =
    [
        ("queue_and_admission", null, Step("jwt")),
        ("slot_and_token", Step("jwt"), Step("gen25519")),
        ("key", Step("gen25519"), $"{AgentNames.RpcUtil}#inventory"),
        ("inventory", $"{AgentNames.RpcUtil}#inventory", Step("gencsr")),
        ("csr_sign_jwt", Step("gencsr"), Step("configure")),
        ("configure", Step("configure"), Step("restart")),
        ("restart_delay", Step("restart"), null),
    ];

    private static string Step(string action) => $"{AgentNames.Provision}#{action}";

    public static FleetTimings Of(IEnumerable<FleetNodeResult> results)
    {
        var complete = results
            .Where(r => r.State == FleetNodeState.Provisioned && r.TimeToProvision is not null)
            .Where(r => StageBounds.All(b => b.To is null || r.LastAnswered.ContainsKey(b.To)))
            .ToList();
        var stages = StageBounds
            .Select(b => new FleetStageTiming(b.Name, FleetPercentiles.Of(complete.Select(r => End(r, b.To) - Start(r, b.From)))))
            .ToList();
        return new FleetTimings(
            complete.Count,
            FleetPercentiles.Of(complete.Select(r => r.LastAnswered[Step("restart")])),
            FleetPercentiles.Of(complete.Select(r => r.TimeToProvision!.Value)),
            stages);
    }

    // Times count from the first announcement; a stage without an answer at its end ends with the return as a server.
    private static TimeSpan Start(FleetNodeResult result, string? action) => action is null ? TimeSpan.Zero : result.LastAnswered[action];

    private static TimeSpan End(FleetNodeResult result, string? action) => action is null ? result.TimeToProvision!.Value : result.LastAnswered[action];

    /// <summary>One stage: how long the nodes waited between its two answers.</summary>
    public sealed record FleetStageTiming(string Name, FleetPercentiles Time);
}
