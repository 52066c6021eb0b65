namespace Provisioner.Actors.Onboarding.Upgrades;

/// <summary>What the upgrade step does for one attempt (spec §2 step 8, choria-v2 §4.3).</summary>
public abstract record UpgradeDecision
{
    /// <summary>No upgrade: the feature is off, the helper named no version, or the node already runs it.</summary>
    public sealed record Skip(string Reason) : UpgradeDecision;

    /// <summary>Call <c>release_update</c> to move the node from <paramref name="From"/> to <paramref name="To"/>.</summary>
    public sealed record Upgrade(string From, string To, string Repository) : UpgradeDecision;

    /// <summary>The upgrade cannot happen: the attempt fails with <paramref name="Reason"/>, or, optional, goes on with a warning.</summary>
    public sealed record Refuse(string Reason) : UpgradeDecision;

    /// <summary>
    /// The rules of Choria's <c>handleHostUpgrade</c>, in its order: a repository unless upgrades are optional, an
    /// inventory version, <c>upgradable</c>; then only equality of the versions matters (a downgrade is an upgrade too).
    /// </summary>
    public static UpgradeDecision Of(bool featureOn, string? target, string repository, bool optional, string inventoryVersion, bool upgradable)
    {
        if (!featureOn || string.IsNullOrEmpty(target))
        {
            return new Skip(featureOn ? "the helper named no version" : "feature upgrades is off");
        }
        if (repository.Length == 0 && !optional)
        {
            return new Refuse("updates_repository not configured for upgrades feature");
        }
        if (inventoryVersion.Length == 0)
        {
            return new Refuse("did not receive a version in inventory");
        }
        if (!upgradable)
        {
            return new Refuse("does not support upgrades");
        }
        return RpmVersion.AreEqual(inventoryVersion, target)
            ? new Skip($"already at {inventoryVersion}")
            : new Upgrade(inventoryVersion, target, repository);
    }
}
