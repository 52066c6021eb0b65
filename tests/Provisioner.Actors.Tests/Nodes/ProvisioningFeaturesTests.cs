using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Nodes;

/// <summary>Choria's <c>features</c> rules and the step order they give, tested on the pure decisions.</summary>
public sealed class ProvisioningFeaturesTests
{
    private const string Id = "n1.example.net";
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> None = [];

    private static INodeEvent EventOf(ProvisioningStep step) => step switch
    {
        ProvisioningStep.Jwt => new NodeEvents.TokenChecked(Id, 1, T0, ""),
        ProvisioningStep.Gen25519 => new NodeEvents.KeyProven(Id, 1, T0, new string('b', 64), "n", "/etc/choria", "s"),
        ProvisioningStep.Inventory => new NodeEvents.Inventoried(Id, 1, T0, "{}", "0.29.4"),
        ProvisioningStep.Gencsr => new NodeEvents.CsrAccepted(Id, 1, T0, "csr", "pub", "/etc/choria/ssl"),
        ProvisioningStep.Sign => new NodeEvents.Signed(Id, 1, T0, "", "", "", "", None, None, None, null, null, null, null),
        ProvisioningStep.IssueServerJwt => new NodeEvents.JwtIssued(Id, 1, T0, "jti", "jwt", T0.AddYears(1), null),
        ProvisioningStep.Configure => new NodeEvents.Configured(Id, 1, T0, "Wrote 2 lines"),
        ProvisioningStep.Restart => new NodeEvents.Provisioned(Id, 1, T0, "m1"),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static NodeState Apply(NodeState state, NodeDecision decision) => decision.Events.Aggregate(state, NodeState.Apply);

    // Runs one attempt to its end, every step succeeding, and returns the steps in the order the decisions chose them.
    private static IReadOnlyList<ProvisioningStep> StepsOf(ProvisioningFeatures features)
    {
        var state = Apply(NodeState.Empty(Id), NodeDecisions.Decide(NodeState.Empty(Id), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0), T0, "m1", features));
        var steps = new List<ProvisioningStep>();
        while (NodeDecisions.NextStep(state, features) is { } step)
        {
            steps.Add(step);
            state = Apply(state, NodeDecisions.Decide(state, new StepSucceeded(1, step, EventOf(step)), T0, "m1", features));
            Assert.True(steps.Count < 20, "the attempt never ends");
        }
        Assert.Equal(NodeStage.Provisioned, state.Stage);
        return steps;
    }

    private static ProvisioningFeatures Parse(params string[] names) => ProvisioningFeatures.Parse(names, pkiWithEd25519: false);

    [Fact]
    public void Our_profile_runs_every_step_in_choria_s_order()
    {
        Assert.Equal(
            [ProvisioningStep.Jwt, ProvisioningStep.Gen25519, ProvisioningStep.Inventory, ProvisioningStep.Gencsr,
             ProvisioningStep.Sign, ProvisioningStep.IssueServerJwt, ProvisioningStep.Configure, ProvisioningStep.Restart],
            StepsOf(ProvisioningFeatures.Ours));
    }

    [Fact]
    public void Choria_x509_profile_skips_the_ed25519_key_and_the_server_jwt()
    {
        Assert.Equal(
            [ProvisioningStep.Jwt, ProvisioningStep.Inventory, ProvisioningStep.Gencsr, ProvisioningStep.Sign, ProvisioningStep.Configure, ProvisioningStep.Restart],
            StepsOf(Parse("jwt", "pki")));
    }

    [Fact]
    public void Choria_ed25519_profile_skips_the_csr_and_fetches_the_token_it_implies()
    {
        Assert.Equal(
            [ProvisioningStep.Jwt, ProvisioningStep.Gen25519, ProvisioningStep.Inventory, ProvisioningStep.Sign,
             ProvisioningStep.IssueServerJwt, ProvisioningStep.Configure, ProvisioningStep.Restart],
            StepsOf(Parse("ed25519")));
    }

    [Fact]
    public void No_features_run_only_inventory_the_helper_configure_and_restart_as_choria_s_defaults()
    {
        Assert.Equal(
            [ProvisioningStep.Inventory, ProvisioningStep.Sign, ProvisioningStep.Configure, ProvisioningStep.Restart],
            StepsOf(Parse()));
    }

    [Fact]
    public void A_result_for_a_step_the_features_leave_out_is_ignored()
    {
        var features = Parse("pki");
        var started = Apply(NodeState.Empty(Id), NodeDecisions.Decide(NodeState.Empty(Id), new NodeCommands.StartAttempt(Id, AttemptTrigger.LifecycleEvent, T0), T0, "m1", features));

        var decision = NodeDecisions.Decide(started, new StepSucceeded(1, ProvisioningStep.Jwt, EventOf(ProvisioningStep.Jwt)), T0, "m1", features);

        Assert.Empty(decision.Events);
        Assert.Equal(ProvisioningStep.Inventory, NodeDecisions.NextStep(started, features));
    }

    [Fact]
    public void Pki_and_ed25519_together_are_refused_with_choria_s_words_unless_our_extension_is_on()
    {
        var error = Assert.Throws<FormatException>(() => Parse("pki", "ed25519"));
        Assert.Equal("can only enable one of pki or ed25519 features", error.Message);

        Assert.Equal(ProvisioningFeatures.Ours, ProvisioningFeatures.Parse(["pki", "ed25519"], pkiWithEd25519: true));
    }

    [Fact]
    public void Ed25519_turns_jwt_on_and_an_empty_list_turns_everything_off()
    {
        Assert.Equal(new ProvisioningFeatures(Jwt: true, Pki: false, Ed25519: true), Parse("ed25519"));
        Assert.Equal(new ProvisioningFeatures(Jwt: false, Pki: false, Ed25519: false), Parse());
    }

    [Theory]
    [InlineData("x509", "unknown feature 'x509'; known features: jwt, pki, ed25519, upgrades")]
    public void Unknown_features_are_refused_by_name(string name, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => Parse(name)).Message);
    }

    [Fact]
    public void Upgrades_is_a_feature_of_its_own()
    {
        Assert.Equal(new ProvisioningFeatures(Jwt: true, Pki: false, Ed25519: true, Upgrades: true), Parse("ed25519", "upgrades"));
    }
}
