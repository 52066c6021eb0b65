using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>
/// What an attempt journals, and what an entity rebuilt from that journal does: three events for a successful
/// node (accepted after the token verified, credentials before configure, the outcome), failed tries inside a
/// failure's outcome, and a resume that configures without signing or redoes an attempt that issued nothing.
/// </summary>
public sealed class NodeJournalTests
{
    private const string Id = "n1.example.net";
    private const string Member = "akka.tcp://provisioner@127.0.0.1:4055";
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> None = [];

    // A live entity: each decision's journal, then its facts applied and its journal remembered.
    private sealed class Entity(ProvisioningFeatures features, NodeState? recovered = null)
    {
        public NodeState State { get; private set; } = recovered ?? NodeState.Empty(Id);
        public List<INodeEvent> Journal { get; } = [];
        public List<(ProvisioningStep Step, int Journaled)> StepsSent { get; } = [];

        public NodeDecision Decide(object command, DateTimeOffset? now = null)
        {
            var decision = NodeDecisions.Decide(State, command, now ?? T0, Member, features);
            Settle(decision);
            return decision;
        }

        public void Settle(NodeDecision decision)
        {
            Journal.AddRange(decision.Journal);
            State = decision.Journal.Aggregate(decision.Events.Aggregate(State, NodeState.Apply), NodeState.Remember);
        }

        public ProvisioningStep Next() => NodeDecisions.NextStep(State, features)!.Value;

        public NodeDecision Succeed(INodeEvent e)
        {
            var step = Next();
            StepsSent.Add((step, Journal.Count));
            return Decide(new StepSucceeded(State.Attempt, step, e));
        }

        public NodeDecision Fail(StepFailureKind kind, string reason)
        {
            var step = Next();
            StepsSent.Add((step, Journal.Count));
            return Decide(new StepFailed(State.Attempt, step, kind, reason));
        }

        public void Start() => Decide(new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0));

        // Every step succeeds, until (not including) the step named.
        public void RunUntil(ProvisioningStep? stop)
        {
            while (NodeDecisions.NextStep(State, features) is { } step && step != stop)
            {
                Succeed(EventOf(step, State.Attempt));
            }
        }
    }

    private static INodeEvent EventOf(ProvisioningStep step, int attempt) => step switch
    {
        ProvisioningStep.Jwt => new NodeEvents.TokenChecked(Id, attempt, T0.AddSeconds(1), new string('e', 64)),
        ProvisioningStep.Gen25519 => new NodeEvents.KeyProven(Id, attempt, T0.AddSeconds(2), new string('b', 64), "n", "/etc/choria", "s"),
        ProvisioningStep.Inventory => new NodeEvents.Inventoried(Id, attempt, T0.AddSeconds(3), "{}", "0.29.4"),
        ProvisioningStep.Gencsr => new NodeEvents.CsrAccepted(Id, attempt, T0.AddSeconds(4), "csr", "pub", "/etc/choria/ssl"),
        ProvisioningStep.Sign => new NodeEvents.Signed(Id, attempt, T0.AddSeconds(5), $"serial-{attempt}", "cert", "ca", "/etc/choria/ssl", None, None, None, null, null, null, null),
        ProvisioningStep.IssueServerJwt => new NodeEvents.JwtIssued(Id, attempt, T0.AddSeconds(6), $"jti-{attempt}", "jwt", T0.AddYears(1), "nats-creds"),
        ProvisioningStep.Configure => new NodeEvents.Configured(Id, attempt, T0.AddSeconds(7), "Wrote 2 lines"),
        ProvisioningStep.Restart => new NodeEvents.Provisioned(Id, attempt, T0.AddSeconds(8), "m1"),
        ProvisioningStep.Shutdown => new NodeEvents.ShutDown(Id, attempt, T0.AddSeconds(8)),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static NodeState Recover(IEnumerable<INodeEvent> journal) =>
        NodeState.Recovered(journal.Aggregate(NodeState.Empty(Id), NodeState.Journaled));

    public static IEnumerable<object[]> Profiles() =>
    [
        [ProvisioningFeatures.Ours],
        [new ProvisioningFeatures(Jwt: true, Pki: false, Ed25519: true)],
        [new ProvisioningFeatures(Jwt: true, Pki: true, Ed25519: false)],
        [new ProvisioningFeatures(Jwt: false, Pki: false, Ed25519: false)],
    ];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_successful_attempt_journals_accepted_credentials_and_provisioned_with_the_credentials_before_configure(ProvisioningFeatures features)
    {
        var entity = new Entity(features);
        entity.Start();
        entity.RunUntil(null);

        Assert.Equal(NodeStage.Provisioned, entity.State.Stage);
        Assert.Equal(
            [typeof(NodeEvents.AttemptAccepted), typeof(NodeEvents.CredentialsIssued), typeof(NodeEvents.Provisioned)],
            entity.Journal.Select(e => e.GetType()));
        var configureSent = Assert.Single(entity.StepsSent, s => s.Step == ProvisioningStep.Configure);
        Assert.Equal(2, configureSent.Journaled);
        var issued = (NodeEvents.CredentialsIssued)entity.Journal[1];
        Assert.Equal("serial-1", issued.Certificate.CertificateSerial);
        Assert.Equal(features.Ed25519 ? "jti-1" : null, issued.ServerJwt?.Jti);
        Assert.Equal(features.Ed25519 ? "nats-creds" : null, issued.ServerJwt?.NatsCredentials);
    }

    [Fact]
    public void Nothing_is_journaled_before_the_token_verifies_and_the_acceptance_says_when_and_why_the_attempt_started()
    {
        var entity = new Entity(ProvisioningFeatures.Ours);
        entity.Start();
        Assert.Empty(entity.Journal);
        entity.Succeed(EventOf(ProvisioningStep.Jwt, 1));
        var accepted = Assert.IsType<NodeEvents.AttemptAccepted>(Assert.Single(entity.Journal));
        Assert.Equal((1, T0, AttemptTrigger.LifecycleEvent, T0.AddSeconds(1), new string('e', 64)), (accepted.Attempt, accepted.StartedAt, accepted.Trigger, accepted.At, accepted.EcdhPublic));
    }

    [Fact]
    public void A_token_refused_journals_only_the_failure()
    {
        var entity = new Entity(ProvisioningFeatures.Ours);
        entity.Start();
        entity.Fail(StepFailureKind.Fatal, "token signature invalid");
        var failed = Assert.IsType<NodeEvents.AttemptFailed>(Assert.Single(entity.Journal));
        Assert.Equal((1, ProvisioningStep.Jwt, "token signature invalid"), (failed.Attempt, failed.Step, failed.Reason));
        Assert.Equal((NodeStage.Failed, 1), (Recover(entity.Journal).Stage, Recover(entity.Journal).Attempt));
    }

    [Fact]
    public void A_failure_journals_its_retried_steps_and_reasons_in_the_outcome_and_history_explains_them()
    {
        var entity = new Entity(ProvisioningFeatures.Ours);
        entity.Start();
        entity.RunUntil(ProvisioningStep.Configure);
        for (var i = 0; i < RetryPolicy.MaxTries(ProvisioningStep.Configure); i++)
        {
            entity.Fail(StepFailureKind.Retryable, $"no reply {i + 1}");
        }

        var failed = Assert.IsType<NodeEvents.AttemptFailed>(entity.Journal[^1]);
        Assert.Equal(3, entity.Journal.Count);
        Assert.Equal("no reply 5", failed.Reason);
        Assert.Equal(["no reply 1", "no reply 2", "no reply 3", "no reply 4"], failed.Retries!.Select(r => r.Error));
        Assert.All(failed.Retries!, r => Assert.Equal(ProvisioningStep.Configure, r.Step));
        var history = Recover(entity.Journal).History;
        Assert.Equal(entity.State.History, history);
        Assert.Contains("Configure try 4 failed: no reply 4", history[^1]);
        Assert.Contains("AttemptFailed step=Configure: no reply 5", history[^1]);
    }

    [Fact]
    public void Recovering_the_journal_of_a_successful_attempt_gives_its_outcome_credentials_and_history()
    {
        var entity = new Entity(ProvisioningFeatures.Ours);
        entity.Start();
        entity.RunUntil(null);
        var recovered = Recover(entity.Journal);
        Assert.Equal(
            (NodeStage.Provisioned, 1, "serial-1", "jti-1", T0.AddSeconds(8), T0),
            (recovered.Stage, recovered.Attempt, recovered.Signature?.CertificateSerial, recovered.Jwt?.Jti, recovered.ProvisionedAt, recovered.AttemptStartedAt));
        Assert.Equal(entity.State.History, recovered.History);
        Assert.Equal(3, recovered.History.Count);
        Assert.False(recovered.Resumed);
    }

    [Fact]
    public void An_entity_recovering_issued_credentials_resumes_at_configure_without_signing_again()
    {
        var entity = new Entity(ProvisioningFeatures.Ours);
        entity.Start();
        entity.RunUntil(ProvisioningStep.Configure);
        var recovered = Recover(entity.Journal);

        Assert.Same(NodeDecision.Ignore, NodeDecisions.Resume(recovered, T0.AddMinutes(1), ProvisioningFeatures.Ours));
        Assert.Equal(ProvisioningStep.Configure, NodeDecisions.NextStep(recovered, ProvisioningFeatures.Ours));
        Assert.Equal((1, "serial-1", "jti-1", "nats-creds"), (recovered.Attempt, recovered.Signature?.CertificateSerial, recovered.Jwt?.Jti, recovered.Jwt?.NatsCredentials));
    }

    [Fact]
    public void An_entity_recovering_an_attempt_that_issued_nothing_runs_it_again_as_a_new_attempt()
    {
        var entity = new Entity(ProvisioningFeatures.Ours);
        entity.Start();
        entity.RunUntil(ProvisioningStep.Sign);
        var recovered = Recover(entity.Journal);

        var resume = NodeDecisions.Resume(recovered, T0.AddMinutes(1), ProvisioningFeatures.Ours);
        var started = Assert.IsType<NodeEvents.AttemptStarted>(Assert.Single(resume.Events));
        Assert.Equal((2, AttemptTrigger.Resumed), (started.Attempt, started.Trigger));
        Assert.Empty(resume.Journal);
        var again = resume.Events.Aggregate(recovered, NodeState.Apply);
        Assert.Equal(ProvisioningStep.Jwt, NodeDecisions.NextStep(again, ProvisioningFeatures.Ours));
    }

    [Fact]
    public void A_finished_attempt_recovered_is_not_resumed()
    {
        var entity = new Entity(ProvisioningFeatures.Ours);
        entity.Start();
        entity.RunUntil(null);
        Assert.Same(NodeDecision.Ignore, NodeDecisions.Resume(Recover(entity.Journal), T0.AddMinutes(1), ProvisioningFeatures.Ours));
    }

    [Fact]
    public void A_resumed_configure_nobody_answers_ends_provisioned_unconfirmed_but_a_live_one_fails()
    {
        var live = new Entity(ProvisioningFeatures.Ours);
        live.Start();
        live.RunUntil(ProvisioningStep.Configure);
        var journal = live.Journal.ToList();
        var resumed = new Entity(ProvisioningFeatures.Ours, Recover(journal));
        for (var i = 0; i < RetryPolicy.MaxTries(ProvisioningStep.Configure); i++)
        {
            live.Fail(StepFailureKind.Unanswered, "received 0 responses");
            resumed.Fail(StepFailureKind.Unanswered, "received 0 responses");
        }

        Assert.IsType<NodeEvents.AttemptFailed>(live.Journal[^1]);
        var provisioned = Assert.IsType<NodeEvents.Provisioned>(resumed.Journal[^1]);
        Assert.Equal((Member, false), (provisioned.Member, provisioned.RestartConfirmed));
    }
}
