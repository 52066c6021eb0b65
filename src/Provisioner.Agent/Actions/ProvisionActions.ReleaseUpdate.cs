using System.Text.Json;
using Provisioner.Agent.Boot;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;

namespace Provisioner.Agent.Actions;

public sealed partial class ProvisionActions
{
    /// <summary>Choria restarts 2 s after a successful update.</summary>
    private static readonly TimeSpan UpgradeRestartDelay = TimeSpan.FromSeconds(2);

    // Checks in Choria's order (choria-v2 §4.1): mode, permission, data, token; then the install, with the
    // lock and the agent's mutex held throughout, so no other action runs while the executable changes.
    private ActionOutcome ReleaseUpdate(JsonElement data)
    {
        const string action = "release_update";
        if (node.Mode != NodeMode.Provisioning)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.UpdateNotInProvisioningMode);
        }
        if (!node.UpdatesAllowed)
        {
            return ActionOutcome.Failed(action, StatusCode.Aborted, ActionMessages.UpdatesNotEnabled);
        }
        if (!TryRead<ReleaseUpdateRequest>(action, data, out var request, out var refused) || !TokenMatches(action, request.Token, out refused))
        {
            return refused;
        }
        var result = node.Releases.Install(request.Repository, request.Version);
        if (!result.Installed)
        {
            var error = result.Error ?? "unknown error";
            return ActionOutcome.Failed(action, StatusCode.Aborted,
                result.BrokenState ? ActionMessages.UpdateBroken(request.Version, error) : ActionMessages.UpdateRolledBack(request.Version, error));
        }
        var delay = node.EffectDelay ?? UpgradeRestartDelay;
        return new ActionOutcome(
            RpcReplyBody.Ok(action, RpcData.From(new ActionMessageReply($"Restarting Choria Server after {Seconds(delay)}"))),
            [LifecycleEventType.Upgraded],
            new NodeEffect.Upgrade(delay, request.Version))
        {
            UpgradedTo = request.Version,
        };
    }
}
