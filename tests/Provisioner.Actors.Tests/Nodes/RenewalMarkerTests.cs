using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>
/// A provisioned node that comes back to provisioning (a renewal ahead of expiry) has its new attempt's acceptance
/// journaled with the credentials it replaces, so <c>node history</c> shows the renewal; a first onboarding has none.
/// </summary>
public sealed class RenewalMarkerTests
{
    private const string Id = "n1.example.net";
    private const string Member = "akka.tcp://provisioner@127.0.0.1:4055";
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProvisioningFeatures Ours = ProvisioningFeatures.Ours;
    private static readonly DateTimeOffset Expires = T0.AddMinutes(90);

    private static (NodeState State, IReadOnlyList<INodeEvent> Journal) Run(NodeState state, object command, DateTimeOffset now, ProvisioningFeatures? features = null)
    {
        var decision = NodeDecisions.Decide(state, command, now, Member, features ?? Ours);
        return (decision.Journal.Aggregate(decision.Events.Aggregate(state, NodeState.Apply), NodeState.Remember), decision.Journal);
    }

    private static (NodeState State, IReadOnlyList<INodeEvent> Journal) Succeed(NodeState state, INodeEvent e, ProvisioningFeatures? features = null) =>
        Run(state, new StepSucceeded(state.Attempt, NodeDecisions.NextStep(state, features ?? Ours)!.Value, e), e.At, features);

    private static NodeState Start(NodeState state, DateTimeOffset at) =>
        Run(state, new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, at), at).State;

    private static (NodeState State, NodeEvents.AttemptAccepted Accepted) Accept(NodeState state, DateTimeOffset at)
    {
        var (next, journal) = Succeed(state, new NodeEvents.TokenChecked(Id, state.Attempt, at, new string('a', 64)));
        return (next, Assert.IsType<NodeEvents.AttemptAccepted>(Assert.Single(journal)));
    }

    // Attempt `attempt` from acceptance to provisioned at `at`, with certificate `serial` and server JWT `jti`.
    private static NodeState Provision(NodeState state, DateTimeOffset at, string serial, string jti)
    {
        var n = state.Attempt;
        var empty = new Dictionary<string, string>();
        var s = Succeed(state, new NodeEvents.KeyProven(Id, n, at, new string('b', 64), "nonce", "/etc/choria", "sig")).State;
        s = Succeed(s, new NodeEvents.Inventoried(Id, n, at, "{}", "0.29.4")).State;
        s = Succeed(s, new NodeEvents.CsrAccepted(Id, n, at, "csr", "pub", "/etc/choria/ssl")).State;
        s = Succeed(s, new NodeEvents.Signed(Id, n, at, serial, "cert", "ca", "/etc/choria/ssl", empty, empty, empty, null, null, null, null)).State;
        s = Succeed(s, new NodeEvents.JwtIssued(Id, n, at, jti, "jwt", at.AddMinutes(90), null)).State;
        s = Succeed(s, new NodeEvents.Configured(Id, n, at, "Wrote 3 lines")).State;
        return Succeed(s, new NodeEvents.Provisioned(Id, n, at, "m1")).State;
    }

    private static NodeState OnboardedOnce()
    {
        var (state, accepted) = Accept(Start(NodeState.Empty(Id), T0), T0);
        Assert.Null(accepted.Renews);
        return Provision(state, T0, "01ab", "jti-1");
    }

    [Fact]
    public void A_provisioned_node_that_comes_back_is_accepted_as_a_renewal_of_its_credentials()
    {
        var at = T0.AddMinutes(72);

        var (state, accepted) = Accept(Start(OnboardedOnce(), at), at);

        Assert.Equal(new RenewalNote(1, "01ab", "jti-1", Expires), accepted.Renews);
        Assert.EndsWith("renews attempt 1's credentials (serial=01ab jti=jti-1) 18 min before they expire at 2026-11-28T13:30:00Z", state.History[^1]);
    }

    [Fact]
    public void A_renewal_attempt_that_fails_is_still_a_renewal_when_it_is_tried_again_and_the_next_one_renews_the_new_credentials()
    {
        var first = T0.AddMinutes(72);
        var (state, _) = Accept(Start(OnboardedOnce(), first), first);
        state = Run(state, new StepFailed(state.Attempt, ProvisioningStep.Gen25519, StepFailureKind.Fatal, "forged"), first).State;

        var again = T0.AddMinutes(73);
        (state, var accepted) = Accept(Start(state, again), again);
        Assert.Equal(new RenewalNote(1, "01ab", "jti-1", Expires), accepted.Renews);

        state = Provision(state, again, "02cd", "jti-3");
        var later = again.AddMinutes(80);
        (_, accepted) = Accept(Start(state, later), later);
        Assert.Equal(new RenewalNote(3, "02cd", "jti-3", again.AddMinutes(90)), accepted.Renews);
    }

    [Fact]
    public void A_node_coming_back_after_its_credentials_expired_is_told_apart_in_the_history()
    {
        var at = T0.AddHours(2);

        var (state, accepted) = Accept(Start(OnboardedOnce(), at), at);

        Assert.Equal(1, accepted.Renews!.Attempt);
        Assert.EndsWith("renews attempt 1's credentials (serial=01ab jti=jti-1) after they expired at 2026-11-28T13:30:00Z", state.History[^1]);
    }

    [Fact]
    public void Without_the_jwt_feature_the_acceptance_journaled_at_the_start_carries_the_renewal()
    {
        var features = new ProvisioningFeatures(Jwt: false, Pki: true, Ed25519: false);
        var empty = new Dictionary<string, string>();
        var state = Run(NodeState.Empty(Id), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0), T0, features).State;
        state = Succeed(state, new NodeEvents.Inventoried(Id, 1, T0, "{}", "0.29.4"), features).State;
        state = Succeed(state, new NodeEvents.CsrAccepted(Id, 1, T0, "csr", "pub", "/etc/choria/ssl"), features).State;
        state = Succeed(state, new NodeEvents.Signed(Id, 1, T0, "01ab", "cert", "ca", "/etc/choria/ssl", empty, empty, empty, null, null, null, null), features).State;
        state = Succeed(state, new NodeEvents.Configured(Id, 1, T0, "Wrote 3 lines"), features).State;
        state = Succeed(state, new NodeEvents.Provisioned(Id, 1, T0, "m1"), features).State;

        var at = T0.AddDays(300);
        var (_, journal) = Run(state, new NodeCommands.StartAttempt(Id, AttemptTrigger.Discovery, at), at, features);

        Assert.Equal(new RenewalNote(1, "01ab", null, null), Assert.IsType<NodeEvents.AttemptAccepted>(Assert.Single(journal)).Renews);
    }

    [Fact]
    public void A_renewal_recovered_from_the_journal_is_still_known_when_the_attempt_fails_and_runs_again()
    {
        var at = T0.AddMinutes(72);
        var (live, accepted) = Accept(Start(OnboardedOnce(), at), at);

        var recovered = NodeState.Journaled(NodeState.Empty(Id), accepted);
        recovered = Run(recovered, new StepFailed(recovered.Attempt, ProvisioningStep.Gen25519, StepFailureKind.Fatal, "forged"), at).State;
        var (_, again) = Accept(Start(recovered, at.AddMinutes(1)), at.AddMinutes(1));

        Assert.Equal(accepted.Renews, again.Renews);
        Assert.NotNull(live.Renews);
    }
}
