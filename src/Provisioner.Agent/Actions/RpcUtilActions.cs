using System.Text.Json;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;

namespace Provisioner.Agent.Actions;

/// <summary>The <c>rpcutil</c> agent as far as provisioning uses it: <c>inventory</c> (spec §2 step 3); every other action is unknown.</summary>
public static class RpcUtilActions
{
    public const string Agent = AgentNames.RpcUtil;

    public static ActionOutcome Invoke(string action, NodeContext node, IReadOnlyList<string> agents, IReadOnlyList<string> collectives, string mainCollective)
    {
        if (action != "inventory")
        {
            return ActionOutcome.Failed(action, StatusCode.UnknownAction, ActionMessages.UnknownAction(action, Agent));
        }
        var inventory = new InventoryReply(
            agents,
            [],
            collectives,
            [],
            node.Facts ?? ReadFacts(node),
            [],
            mainCollective,
            node.Version,
            node.UpdatesAllowed);
        return ActionOutcome.Of(RpcReplyBody.Ok(action, RpcData.From(inventory)));
    }

    // Facts come from the token's chf file; a missing or malformed file means no facts rather than a failed inventory.
    private static JsonElement ReadFacts(NodeContext node)
    {
        var path = node.Boot.Token?.FactsFile;
        var text = string.IsNullOrEmpty(path) ? null : node.Files.ReadText(path);
        if (text is null)
        {
            return RpcData.EmptyObject;
        }
        try
        {
            return RpcData.Parse(text);
        }
        catch (ChoriaProtocolException)
        {
            return RpcData.EmptyObject;
        }
    }
}
