using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding.Upgrades;

/// <summary>
/// The upgrade step before it calls the node: what it refuses (the attempt fails with Choria's words, or goes on with
/// a note when upgrades are optional) and what it skips. The steps get no RPC client, so any call to the node throws:
/// a test passing here also shows the node was never asked for <c>release_update</c>.
/// </summary>
public sealed class UpgradeStepTests
{
    private const string Identity = "n1.example.net";
    private const string Repository = "http://127.0.0.1:8080/releases";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    private static ChoriaProvisioningSteps Steps(string repository, bool optional)
    {
        var settings = new StepSettings("token", null!, new CsrInspector([]), null!, null, TimeSpan.FromDays(1), "member", UpgradesRepository: repository, UpgradesOptional: optional);
        return new ChoriaProvisioningSteps(null!, null!, settings, new ManualClock(SignedAt.AddMinutes(1)));
    }

    private static NodeState AtUpgrade(string target, string inventoryJson, string version)
    {
        var empty = new Dictionary<string, string>();
        return NodeState.Empty(Identity) with
        {
            Stage = NodeStage.Signed,
            Attempt = 2,
            Inventory = new NodeEvents.Inventoried(Identity, 2, SignedAt, inventoryJson, version),
            Signature = new NodeEvents.Signed(Identity, 2, SignedAt, "", "", "", "/etc/choria/ssl", new Dictionary<string, string> { ["plugin.choria.server.provision"] = "false" }, empty, empty, null, null, null, null)
            {
                UpgradeTo = target,
            },
        };
    }

    private static NodeState Upgradable(string version, string target = "0.30.0") => AtUpgrade(target, $$"""{"version":"{{version}}","upgradable":true}""", version);

    private static Task<INodeEvent> Run(ChoriaProvisioningSteps steps, NodeState state) => steps.RunAsync(ProvisioningStep.Upgrade, state, CancellationToken.None);

    [Fact]
    public async Task Without_a_repository_the_attempt_fails_with_choria_words()
    {
        var failure = await Assert.ThrowsAsync<StepFailure>(() => Run(Steps("", optional: false), Upgradable("0.29.4")));

        Assert.Equal((StepFailureKind.Fatal, "updates_repository not configured for upgrades feature"), (failure.Kind, failure.Message));
    }

    [Fact]
    public async Task A_node_that_is_not_upgradable_fails_the_attempt()
    {
        var state = AtUpgrade("0.30.0", """{"version":"0.29.4","upgradable":false}""", "0.29.4");

        var failure = await Assert.ThrowsAsync<StepFailure>(() => Run(Steps(Repository, optional: false), state));

        Assert.Equal((StepFailureKind.Fatal, "does not support upgrades"), (failure.Kind, failure.Message));
    }

    [Theory]
    [InlineData("""{"version":"0.29.4"}""")]
    [InlineData("""{"version":"0.29.4","upgradable":"true"}""")]
    [InlineData("not json")]
    public async Task Only_an_inventory_saying_upgradable_true_counts_as_upgradable(string inventory)
    {
        var failure = await Assert.ThrowsAsync<StepFailure>(() => Run(Steps(Repository, optional: false), AtUpgrade("0.30.0", inventory, "0.29.4")));

        Assert.Equal("does not support upgrades", failure.Message);
    }

    [Fact]
    public async Task An_inventory_without_a_version_fails_the_attempt()
    {
        var state = AtUpgrade("0.30.0", """{"upgradable":true}""", "");

        var failure = await Assert.ThrowsAsync<StepFailure>(() => Run(Steps(Repository, optional: false), state));

        Assert.Equal((StepFailureKind.Fatal, "did not receive a version in inventory"), (failure.Kind, failure.Message));
    }

    [Fact]
    public async Task A_node_already_at_the_version_as_rpm_compares_it_is_skipped_without_a_call()
    {
        var checkedEvent = Assert.IsType<NodeEvents.UpgradeChecked>(await Run(Steps(Repository, optional: false), Upgradable("0.30.00", target: "0.30.0")));

        Assert.Equal(new UpgradeNote(UpgradeNote.Skipped, "0.30.00", "0.30.0", "already at 0.30.00"), checkedEvent.Note);
        Assert.Equal((Identity, 2), (checkedEvent.Identity, checkedEvent.Attempt));
    }

    [Fact]
    public async Task Optional_upgrades_let_a_node_that_is_not_upgradable_go_on_with_a_warning()
    {
        var state = AtUpgrade("0.30.0", """{"version":"0.29.4","upgradable":false}""", "0.29.4");

        var checkedEvent = Assert.IsType<NodeEvents.UpgradeChecked>(await Run(Steps(Repository, optional: true), state));

        Assert.Equal(new UpgradeNote(UpgradeNote.Continued, "0.29.4", "0.30.0", "does not support upgrades"), checkedEvent.Note);
    }

    [Fact]
    public async Task Optional_upgrades_let_a_node_without_a_version_go_on_with_a_warning()
    {
        var state = AtUpgrade("0.30.0", """{"upgradable":true}""", "");

        var checkedEvent = Assert.IsType<NodeEvents.UpgradeChecked>(await Run(Steps("", optional: true), state));

        Assert.Equal(new UpgradeNote(UpgradeNote.Continued, "", "0.30.0", "did not receive a version in inventory"), checkedEvent.Note);
    }

    [Fact]
    public async Task The_note_of_a_continued_attempt_is_journaled_with_its_outcome_and_shown_in_the_history()
    {
        var state = AtUpgrade("0.30.0", """{"version":"0.29.4","upgradable":false}""", "0.29.4");
        var checkedEvent = await Run(Steps(Repository, optional: true), state);

        state = NodeState.Apply(NodeState.Apply(state, checkedEvent), new NodeEvents.Configured(Identity, 2, SignedAt.AddMinutes(2), "Wrote 3 lines"));
        var done = new StepSucceeded(2, ProvisioningStep.Restart, new NodeEvents.Provisioned(Identity, 2, SignedAt.AddMinutes(2), "member"));
        var decision = NodeDecisions.Decide(state, done, SignedAt.AddMinutes(2), "member", ProvisioningFeatures.Ours with { Upgrades = true });

        var provisioned = Assert.IsType<NodeEvents.Provisioned>(Assert.Single(decision.Journal));
        Assert.Equal(new UpgradeNote(UpgradeNote.Continued, "0.29.4", "0.30.0", "does not support upgrades"), provisioned.Upgrade);
        Assert.EndsWith("Provisioned by member; upgrade continued 0.29.4->0.30.0: does not support upgrades", NodeEventDescriptions.Describe(provisioned));
    }
}
