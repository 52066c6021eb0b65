using Provisioner.Actors.Onboarding.Upgrades;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding.Upgrades;

public sealed class UpgradeDecisionTests
{
    private const string Repository = "http://127.0.0.1:8080/releases";

    [Fact]
    public void A_differing_version_on_an_upgradable_node_is_upgraded()
    {
        Assert.Equal(new UpgradeDecision.Upgrade("0.29.4", "0.30.0", Repository), UpgradeDecision.Of(true, "0.30.0", Repository, false, "0.29.4", true));
    }

    [Fact]
    public void A_downgrade_is_an_upgrade_too_only_equality_skips()
    {
        Assert.IsType<UpgradeDecision.Upgrade>(UpgradeDecision.Of(true, "0.28.0", Repository, false, "0.29.4", true));
        Assert.Equal(new UpgradeDecision.Skip("already at 0.29.04"), UpgradeDecision.Of(true, "0.29.4", Repository, false, "0.29.04", true));
    }

    [Theory]
    [InlineData(false, "0.30.0", "feature upgrades is off")]
    [InlineData(true, "", "the helper named no version")]
    [InlineData(true, null, "the helper named no version")]
    public void Without_the_feature_or_a_target_nothing_happens(bool featureOn, string? target, string reason)
    {
        Assert.Equal(new UpgradeDecision.Skip(reason), UpgradeDecision.Of(featureOn, target, "", false, "", false));
    }

    [Theory]
    [InlineData("", false, "0.29.4", true, "updates_repository not configured for upgrades feature")]
    [InlineData(Repository, false, "", true, "did not receive a version in inventory")]
    [InlineData(Repository, false, "0.29.4", false, "does not support upgrades")]
    [InlineData("", true, "0.29.4", false, "does not support upgrades")]
    public void What_choria_requires_is_checked_in_its_order(string repository, bool optional, string version, bool upgradable, string reason)
    {
        Assert.Equal(new UpgradeDecision.Refuse(reason), UpgradeDecision.Of(true, "0.30.0", repository, optional, version, upgradable));
    }
}
