using System.Text.Json;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Onboarding.Upgrades;

/// <summary>What the upgrade step reads from a node's inventory: its <c>version</c> and whether it is <c>upgradable</c>.</summary>
public static class InventoryFacts
{
    public static (string Version, bool Upgradable) Of(NodeEvents.Inventoried? inventory)
    {
        if (inventory is null)
        {
            return ("", false);
        }
        try
        {
            using var json = JsonDocument.Parse(inventory.InventoryJson);
            var upgradable = json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("upgradable", out var u) && u.ValueKind == JsonValueKind.True;
            return (inventory.Version, upgradable);
        }
        catch (JsonException)
        {
            return (inventory.Version, false);
        }
    }
}
