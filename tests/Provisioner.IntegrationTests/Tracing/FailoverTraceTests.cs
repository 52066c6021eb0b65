using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Provisioner.Actors.Telemetry;
using Provisioner.Agent.Fleet;
using Provisioner.Host.Members;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Provisioner.IntegrationTests.Tracing;

/// <summary>
/// Two members in this process on one SQLite journal and the real nats-server, each exporting to the same in-memory
/// list: the member running attempts is stopped abruptly mid-way (its actor system terminated without leaving the
/// cluster, then downed by the other), and each node's onboarding is still one trace holding every step, with
/// spans from both members for the attempts the survivor resumed.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class FailoverTraceTests(NatsServerFixture nats, ITestOutputHelper output) : TracedWorldTest(nats)
{
    private const string Prefix = "failover-trace";
    private const int Nodes = 6;

    // A crash, not a graceful stop: terminating the actor system must not first leave the cluster and hand shards off.
    private const string Abrupt = "akka.coordinated-shutdown.run-by-actor-system-terminate = off";

    [Fact]
    public async Task Each_node_is_one_trace_with_every_step_across_a_member_stopped_mid_attempt()
    {
        var doomed = await World.StartMemberAsync(akka: Abrupt);
        var survivor = await World.StartMemberAsync(seeds: [doomed.Address], akka: Abrupt);
        // Every reply takes 0.75 to 2.25 s, so an attempt is mid-way for seconds after its acceptance is journaled.
        var fleet = World.RunFleetAsync(Nodes, Prefix, faults: FleetFaults.Parse("slow=1"), timeout: TimeSpan.FromMinutes(4));

        // The first acceptance the doomed member journals: that node's attempt, and its trace, must outlive the member.
        Activity? accepted = null;
        await Eventually.TrueAsync(
            () => (accepted = Mine().FirstOrDefault(s => s.OperationName == OnboardingTracing.JournalWriteSpan && Member(s) == doomed.Address)) is not null,
            TimeSpan.FromMinutes(2), "the doomed member journals an acceptance");
        await Crash(doomed, survivor);

        var result = await fleet;
        Assert.True(result.AllProvisioned, result.SummaryLine);
        await Eventually.TrueAsync(
            () => Mine().Count(s => s.OperationName == OnboardingTracing.AttemptSpan && Tag(s, OnboardingTracing.Outcome) == "provisioned") == Nodes,
            TimeSpan.FromMinutes(1), "every node's last attempt span ends provisioned");

        var interrupted = Identity(accepted!);
        foreach (var node in Mine().GroupBy(Identity).OrderBy(n => n.Key))
        {
            output.WriteLine($"{node.Key}: {node.Select(s => s.TraceId).Distinct().Count()} trace(s); " + string.Join(", ", node
                .Where(s => s.OperationName == OnboardingTracing.AttemptSpan)
                .Select(s => $"attempt {Tag(s, OnboardingTracing.Attempt)} on {(Member(s) == doomed.Address ? "doomed" : "survivor")} {Tag(s, OnboardingTracing.Outcome)}")));
        }
        foreach (var node in Mine().GroupBy(Identity))
        {
            // A node whose token check was cut short journaled nothing, so nothing could carry its trace: those
            // attempts are redone afresh. Every trace that journaled something is the node's one onboarding trace.
            var traces = node.GroupBy(s => s.TraceId).ToList();
            var onboarding = Assert.Single(traces, t => t.Any(s => s.OperationName == OnboardingTracing.JournalWriteSpan));
            Assert.All(traces.Where(t => t != onboarding), t => Assert.All(t, s => Assert.Equal(doomed.Address, Member(s))));
            var done = onboarding.Where(s => s.OperationName.StartsWith("step ", StringComparison.Ordinal) && Tag(s, OnboardingTracing.Outcome) == "ok")
                .Select(s => Tag(s, OnboardingTracing.Step)).ToHashSet();
            Assert.True(Steps.All(done.Contains), $"{node.Key}: steps done in its trace: {string.Join(",", done)}");
            Assert.Contains(onboarding, s => s.OperationName == OnboardingTracing.AttemptSpan && Tag(s, OnboardingTracing.Outcome) == "provisioned");
        }

        var resumed = Mine().Where(s => Identity(s) == interrupted && s.TraceId == accepted!.TraceId).ToList();
        var members = resumed.Select(Member).ToHashSet();
        Assert.Contains(doomed.Address, members);
        Assert.Contains(survivor.Address, members);
        var root = Assert.Single(resumed, s => s.OperationName == OnboardingTracing.AttemptSpan && Member(s) == doomed.Address);
        Assert.Equal(default, root.ParentSpanId);
        var continued = Assert.Single(resumed, s => s.OperationName == OnboardingTracing.AttemptSpan && Member(s) == survivor.Address);
        Assert.Equal((root.SpanId, (object?)true), (continued.ParentSpanId, continued.GetTagItem(OnboardingTracing.Resumed)));
        Assert.Contains(resumed, s => s.OperationName.StartsWith("step ", StringComparison.Ordinal) && s.ParentSpanId == continued.SpanId);
        Assert.Contains(resumed, s => s.OperationName == OnboardingTracing.JournalWriteSpan && s.ParentSpanId == continued.SpanId);

        var secrets = new[] { OnboardingWorld.AgentToken, World.Token }
            .Concat(Directory.GetFiles(World.Dir, "*.seed").Select(File.ReadAllText))
            .Select(s => s.Trim())
            .ToList();
        foreach (var text in Mine().SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString() ?? "").Append(s.DisplayName).Append(s.StatusDescription ?? "")))
        {
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    // The member's actor system stops without a word to the cluster (its entities' PostStop ends their spans, as a
    // process kill would not); the survivor downs it at once rather than wait for the resolver, which with two
    // members could keep either side.
    private static async Task Crash(MemberHost doomed, MemberHost survivor)
    {
        var address = Akka.Cluster.Cluster.Get(doomed.System).SelfAddress;
        await doomed.System.Terminate();
        Akka.Cluster.Cluster.Get(survivor.System).Down(address);
    }

    private List<Activity> Mine() => Spans.Snapshot()
        .Where(s => s.Source.Name == OnboardingTracing.SourceName && Identity(s).StartsWith(Prefix, StringComparison.Ordinal))
        .ToList();

    private static string Identity(Activity span) => Tag(span, OnboardingTracing.Identity) ?? "";

    private static string? Member(Activity span) => Tag(span, OnboardingTracing.Member);

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();
}
