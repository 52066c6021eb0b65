using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding.Upgrades;
using Provisioner.Actors.Telemetry;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire.Payloads;

namespace Provisioner.Actors.Onboarding;

public sealed partial class ChoriaProvisioningSteps
{
    // Spec §2 step 8 and choria-v2 §4.3: decide from the inventory, call release_update when the versions differ.
    // Success ends the attempt (the node restarts on the new version and announces itself); a failure fails the
    // attempt with Choria's words, or with upgrades_optional lets it go on to configure with a note.
    private async Task<INodeEvent> Upgrade(NodeState state, CancellationToken cancellation)
    {
        var target = state.Signature?.UpgradeTo ?? "";
        var (version, upgradable) = InventoryFacts.Of(state.Inventory);
        var decision = UpgradeDecision.Of(true, target, settings.UpgradesRepository, settings.UpgradesOptional, version, upgradable);
        switch (decision)
        {
            case UpgradeDecision.Skip skip:
                return new NodeEvents.UpgradeChecked(state.Identity, state.Attempt, Now, new UpgradeNote(UpgradeNote.Skipped, version, target, skip.Reason));
            case UpgradeDecision.Refuse refuse:
                return Continue(state, version, target, refuse.Reason);
        }
        var upgrade = (UpgradeDecision.Upgrade)decision;
        UpgradeMetrics.Attempted.Inc();
        var result = await rpc.CallAsync(state.Identity, Provision, "release_update", new ReleaseUpdateRequest(upgrade.Repository, settings.Token, upgrade.To), cancellationToken: cancellation);
        if (result.IsOk)
        {
            UpgradeMetrics.Succeeded.Inc();
            var message = result.Body?.Data.ValueKind == System.Text.Json.JsonValueKind.Object && result.Body.Data.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            return new NodeEvents.Upgraded(state.Identity, state.Attempt, Now, upgrade.From, upgrade.To, message);
        }
        UpgradeMetrics.Failed.Inc();
        var error = $"update to {upgrade.To} failed: {result.Error ?? "choria_provision#release_update failed"}";
        if (settings.UpgradesOptional)
        {
            return new NodeEvents.UpgradeChecked(state.Identity, state.Attempt, Now, new UpgradeNote(UpgradeNote.Continued, upgrade.From, upgrade.To, error));
        }
        // A node that answered with a failure (rolled back, refused) answers the same again: only silence is retried.
        throw result.Body is null ? StepFailure.Retryable(error) : StepFailure.Fatal(error);
    }

    private NodeEvents.UpgradeChecked Continue(NodeState state, string version, string target, string reason) =>
        settings.UpgradesOptional
            ? new NodeEvents.UpgradeChecked(state.Identity, state.Attempt, Now, new UpgradeNote(UpgradeNote.Continued, version, target, reason))
            : throw StepFailure.Fatal(reason);
}
