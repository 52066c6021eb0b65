using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Provisioner.Actors.Telemetry;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Tracing;

/// <summary>
/// A real member onboarding simulated nodes with an in-memory exporter listening: one trace per node's attempt,
/// a span per step under its root, and no span carrying the token, the provisioning JWT or a seed.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class OnboardingTraceTests(NatsServerFixture nats) : TracedWorldTest(nats)
{
    [Fact]
    public async Task Each_node_attempt_is_one_trace_with_a_span_per_step_its_attributes_and_no_secret()
    {
        var member = await World.StartMemberAsync();
        var result = await World.RunFleetAsync(3, "traced");
        Assert.True(result.AllProvisioned, result.SummaryLine);
        await Eventually.TrueAsync(() => Task.FromResult(Roots().Count(r => Tag(r, OnboardingTracing.Outcome) == "provisioned") == 3), TimeSpan.FromMinutes(1));

        var roots = Roots();
        Assert.Equal(3, roots.Select(r => Tag(r, OnboardingTracing.Identity)).Distinct().Count());
        foreach (var root in roots)
        {
            var identity = Tag(root, OnboardingTracing.Identity);
            Assert.Equal(member.Address, Tag(root, OnboardingTracing.Member));
            Assert.Equal(1, root.GetTagItem(OnboardingTracing.Attempt));
            Assert.Equal(default, root.ParentSpanId);
            var trace = Snapshot().Where(s => s.TraceId == root.TraceId).ToList();
            var steps = trace.Where(s => s.ParentSpanId == root.SpanId && s.OperationName.StartsWith("step ", StringComparison.Ordinal)).ToList();
            // The acceptance, the credentials and the outcome: each journal write is a child of the attempt.
            Assert.Equal(3, trace.Count(s => s.ParentSpanId == root.SpanId && s.OperationName == OnboardingTracing.JournalWriteSpan));
            Assert.Equal(Steps, steps.Select(s => Tag(s, OnboardingTracing.Step)).Distinct().OrderBy(s => Array.IndexOf(Steps, s)).ToArray());
            Assert.All(steps, s => Assert.Equal(identity, Tag(s, OnboardingTracing.Identity)));
            // NATS.Net's request spans nest under the step that sent them.
            Assert.Contains(trace, s => s.Source.Name == OnboardingTracing.NatsSourceName && steps.Any(step => step.SpanId == s.ParentSpanId));
            // No other trace holds this node's spans.
            Assert.All(Snapshot().Where(s => Tag(s, OnboardingTracing.Identity) == identity), s => Assert.Equal(root.TraceId, s.TraceId));
        }

        var secrets = new[] { OnboardingWorld.AgentToken, World.Token }
            .Concat(Directory.GetFiles(World.Dir, "*.seed").Select(File.ReadAllText))
            .Select(s => s.Trim())
            .ToList();
        var mine = Snapshot().Where(s => roots.Any(r => r.TraceId == s.TraceId)).ToList();
        Assert.NotEmpty(mine);
        foreach (var span in mine)
        {
            var texts = span.TagObjects.Select(t => t.Value?.ToString() ?? "")
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString() ?? "")))
                .Append(span.DisplayName)
                .Append(span.StatusDescription ?? "");
            foreach (var text in texts)
            {
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            }
        }
    }

    private List<Activity> Snapshot() => Spans.Snapshot();

    private List<Activity> Roots() => Snapshot()
        .Where(s => s.Source.Name == OnboardingTracing.SourceName && s.OperationName == "onboarding attempt")
        .Where(s => Tag(s, OnboardingTracing.Identity)?.StartsWith("traced", StringComparison.Ordinal) == true)
        .ToList();

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();
}
