using System.Diagnostics;
using Akka;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Telemetry;
using Provisioner.Messages.Nodes;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Telemetry;

/// <summary>
/// An attempt is one trace whichever member runs it: its trace context is journaled with its acceptance, and an
/// entity recovered from that journal (on another member, after a crash) runs the rest of the attempt in it.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class AttemptTraceTests : TestKit
{
    private const string Member = "akka.tcp://provisioner@127.0.0.1:4055";
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly ActivityTraceId TraceId = ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c");
    private static readonly ActivitySpanId FirstMemberSpan = ActivitySpanId.CreateFromString("b7ad6b7169203331");
    private static readonly TraceContext Journaled = new($"00-{TraceId}-{FirstMemberSpan}-01", "vendor=opaque");

    private readonly SpanRecorder _spans = new();
    private readonly FakeFleet _fleet = new();

    private static NodeEvents.AttemptAccepted Accepted(string id) =>
        new(id, 1, T0.AddMilliseconds(40), T0, AttemptTrigger.LifecycleEvent, new string('e', 64)) { Trace = Journaled };

    private static NodeEvents.CredentialsIssued Issued(string id) => new(
        id, 1, T0.AddSeconds(1),
        new NodeEvents.Signed(id, 1, T0.AddSeconds(1), "0a1b", "cert", "ca", "/etc/choria/ssl", new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(), null, null, null, null),
        new NodeEvents.JwtIssued(id, 1, T0.AddSeconds(1), "jti", "jwt", T0.AddYears(1), null));

    [Fact]
    public void Recovered_state_carries_the_journaled_trace_context()
    {
        const string id = "pure.example.net";
        var recovered = NodeState.Recovered(new INodeEvent[] { Accepted(id), Issued(id) }.Aggregate(NodeState.Empty(id), NodeState.Journaled));
        Assert.True(recovered.Resumed);
        Assert.Equal(Journaled, recovered.Trace);
    }

    [Fact]
    public void An_attempt_redone_after_a_crash_keeps_the_trace_and_journals_it_with_its_acceptance()
    {
        const string id = "redo.example.net";
        var recovered = NodeState.Recovered(NodeState.Journaled(NodeState.Empty(id), Accepted(id)));
        var resume = NodeDecisions.Resume(recovered, T0.AddMinutes(1), ProvisioningFeatures.Ours);
        Assert.Equal(Journaled, Assert.IsType<NodeEvents.AttemptStarted>(resume.Opens).Trace);

        var redoing = resume.Events.Aggregate(recovered, NodeState.Apply);
        var accepted = NodeDecisions.Decide(
            redoing, new StepSucceeded(2, ProvisioningStep.Jwt, new NodeEvents.TokenChecked(id, 2, T0.AddMinutes(1), "")), T0.AddMinutes(1), Member, ProvisioningFeatures.Ours);
        Assert.Equal(Journaled, Assert.IsType<NodeEvents.AttemptAccepted>(Assert.Single(accepted.Journal)).Trace);
    }

    [Fact]
    public void A_fresh_attempt_opens_no_trace_in_the_pure_core_and_takes_the_one_its_member_opens()
    {
        const string id = "fresh.example.net";
        var started = NodeDecisions.Decide(NodeState.Empty(id), new NodeCommands.StartAttempt(id, AttemptTrigger.Discovery, T0), T0, Member, ProvisioningFeatures.Ours);
        Assert.Null(started.Opens!.Trace);
        var traced = started.InTrace(Journaled);
        Assert.Equal(Journaled, traced.Opens!.Trace);
        Assert.Equal(Journaled, traced.Events.Aggregate(NodeState.Empty(id), NodeState.Apply).Trace);
    }

    [Fact]
    public void An_entity_resumed_from_the_journal_runs_its_remaining_steps_in_the_journaled_trace()
    {
        const string id = "resumed.example.net";
        Seed(id, Accepted(id), Issued(id));

        Sys.ActorOf(NodeOnboardingActor.Props(id, new TracedProvisioningSteps(_fleet, Member), CreateTestProbe(), NodeOnboardingSettings.Default, TimeProvider.System));

        AwaitCondition(() => _spans.Of(id).Any(s => s.OperationName == OnboardingTracing.AttemptSpan), TimeSpan.FromSeconds(20));
        var spans = _spans.Of(id);
        var configure = Assert.Single(spans, s => s.OperationName == "step configure");
        Assert.Equal(TraceId, configure.TraceId);
        Assert.Contains(spans, s => s.OperationName == "step restart" && s.TraceId == TraceId);
        // This member's span for the attempt hangs under the first member's, and the steps under it.
        var attempt = Assert.Single(spans, s => s.OperationName == OnboardingTracing.AttemptSpan);
        Assert.Equal((TraceId, FirstMemberSpan, true), (attempt.TraceId, attempt.ParentSpanId, attempt.GetTagItem(OnboardingTracing.Resumed)));
        Assert.Equal(attempt.SpanId, configure.ParentSpanId);
        Assert.Equal("provisioned", attempt.GetTagItem(OnboardingTracing.Outcome));
        Assert.Equal(0, _fleet.Calls(id, ProvisioningStep.Sign));
    }

    [Fact]
    public void An_entity_that_redoes_a_cut_short_attempt_runs_it_in_the_journaled_trace()
    {
        const string id = "redone.example.net";
        Seed(id, Accepted(id));

        Sys.ActorOf(NodeOnboardingActor.Props(id, new TracedProvisioningSteps(_fleet, Member), CreateTestProbe(), NodeOnboardingSettings.Default, TimeProvider.System));

        AwaitCondition(() => _spans.Of(id).Any(s => s.OperationName == OnboardingTracing.AttemptSpan), TimeSpan.FromSeconds(20));
        var steps = _spans.Of(id).Where(s => s.OperationName.StartsWith("step ", StringComparison.Ordinal)).ToList();
        Assert.Contains(steps, s => s.OperationName == "step jwt" && Equals(s.GetTagItem(OnboardingTracing.Attempt), 2));
        Assert.All(_spans.Of(id), s => Assert.Equal(TraceId, s.TraceId));
    }

    [Fact]
    public void A_fresh_attempt_journals_the_context_of_its_root_span_with_its_acceptance_and_writes_as_child_spans()
    {
        const string id = "fresh-actor.example.net";
        var entity = Sys.ActorOf(NodeOnboardingActor.Props(id, new TracedProvisioningSteps(_fleet, Member), CreateTestProbe(), NodeOnboardingSettings.Default, TimeProvider.System));
        entity.Tell(new NodeCommands.StartAttempt(id, AttemptTrigger.Discovery, T0), TestActor);
        ExpectMsg<NodeReply>(r => r.Code == NodeReplyCode.Ok, TimeSpan.FromSeconds(20));
        AwaitCondition(() => _spans.Of(id).Any(s => s.OperationName == OnboardingTracing.AttemptSpan), TimeSpan.FromSeconds(20));

        var spans = _spans.Of(id);
        var root = Assert.Single(spans, s => s.OperationName == OnboardingTracing.AttemptSpan);
        Assert.Equal(default, root.ParentSpanId);
        var writes = spans.Where(s => s.OperationName == OnboardingTracing.JournalWriteSpan).ToList();
        Assert.Equal(3, writes.Count);
        Assert.All(writes, w => Assert.Equal((root.SpanId, "ok", (object)MemberAddress.Of(Sys)), (w.ParentSpanId, (string?)w.GetTagItem(OnboardingTracing.Outcome), w.GetTagItem(OnboardingTracing.Member))));

        var journal = ReadJournal(id);
        var accepted = Assert.IsType<NodeEvents.AttemptAccepted>(journal[0]);
        Assert.Equal(OnboardingTracing.ContextOf(root), accepted.Trace);
        Assert.Equal(root.SpanId, OnboardingTracing.ParentOf(accepted.Trace).SpanId);
    }

    [Fact]
    public void No_span_name_attribute_or_status_holds_the_attempts_token_password_or_credentials()
    {
        const string id = "secret.example.net";
        var entity = Sys.ActorOf(NodeOnboardingActor.Props(id, new TracedProvisioningSteps(new SecretSteps(_fleet), Member), CreateTestProbe(), NodeOnboardingSettings.Default, TimeProvider.System));
        entity.Tell(new NodeCommands.StartAttempt(id, AttemptTrigger.Discovery, T0), TestActor);
        ExpectMsg<NodeReply>(r => r.Code == NodeReplyCode.Ok, TimeSpan.FromSeconds(20));
        AwaitCondition(() => _spans.Of(id).Any(s => s.OperationName == OnboardingTracing.AttemptSpan), TimeSpan.FromSeconds(20));

        var spans = _spans.Of(id);
        Assert.Contains(spans, s => s.OperationName == "step issueserverjwt");
        var texts = spans.SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString() ?? "")
            .Concat(s.Events.SelectMany(e => e.Tags.Select(t => t.Value?.ToString() ?? "")))
            .Append(s.DisplayName)
            .Append(s.StatusDescription ?? "")
            .Append(s.TraceStateString ?? "")).ToList();
        Assert.Contains(id, texts);
        foreach (var secret in SecretSteps.Secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    private void Seed(string id, params INodeEvent[] events)
    {
        var seeder = Sys.ActorOf(Props.Create(() => new JournalSeeder(NodePersistenceId.For(id), events)));
        seeder.Tell(JournalSeeder.Write, TestActor);
        ExpectMsg<Done>(TimeSpan.FromSeconds(10));
        Watch(seeder);
        Sys.Stop(seeder);
        ExpectTerminated(seeder);
    }

    private List<INodeEvent> ReadJournal(string id)
    {
        var reader = Sys.ActorOf(Props.Create(() => new JournalSeeder(NodePersistenceId.For(id), Array.Empty<INodeEvent>())));
        reader.Tell(JournalSeeder.Read, TestActor);
        return ExpectMsg<List<INodeEvent>>(TimeSpan.FromSeconds(10));
    }

    protected override void Dispose(bool disposing)
    {
        _spans.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The fake fleet's steps, with the node's token, password, key and server JWT in what they return.</summary>
    private sealed class SecretSteps(IProvisioningSteps inner) : IProvisioningSteps
    {
        private const string Token = "agent-token-s3cr3t-7d1f";
        private const string Password = "nats-password-s3cr3t-93ab";
        private const string WrappedKey = "wrapped-private-key-s3cr3t-55c0";
        private const string ServerJwt = "eyJhbGciOiJFZERTQSJ9.s3cr3t-server-jwt";

        public static string[] Secrets { get; } = [Token, Password, WrappedKey, ServerJwt];

        public async Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation)
        {
            var e = await inner.RunAsync(step, state, cancellation);
            return e switch
            {
                NodeEvents.Signed s => s with
                {
                    EncryptedKey = WrappedKey,
                    Configuration = new Dictionary<string, string> { ["plugin.choria.machine.token"] = Token },
                },
                NodeEvents.JwtIssued j => j with { ServerJwt = ServerJwt, NatsCredentials = $"user: {state.Identity}\npassword: {Password}" },
                _ => e,
            };
        }

        public void Admitted(string identity, AdmittedToken answer) => inner.Admitted(identity, answer);

        public void AttemptEnded(string identity) => inner.AttemptEnded(identity);
    }

    /// <summary>Writes a node's journal as a crashed member left it, or reads it back.</summary>
    private sealed class JournalSeeder : ReceivePersistentActor
    {
        public const string Write = "write";
        public const string Read = "read";
        private readonly List<INodeEvent> _recovered = [];

        public JournalSeeder(string persistenceId, INodeEvent[] events)
        {
            PersistenceId = persistenceId;
            Recover<INodeEvent>(e => _recovered.Add(e));
            Command<string>(c => c == Write, _ =>
            {
                var sender = Sender;
                var left = events.Length;
                PersistAll(events, _ =>
                {
                    if (--left == 0) sender.Tell(Done.Instance);
                });
            });
            Command<string>(c => c == Read, _ => Sender.Tell(_recovered.ToList()));
        }

        public override string PersistenceId { get; }
    }
}
