using Akka.Configuration;
using Provisioner.Actors.Nodes;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Members;

/// <summary><c>provisioner.features</c> from HOCON into the typed settings, with Choria's rules as start-up problems.</summary>
public sealed class FeatureSettingsTests
{
    private static ProvisionerSettings Settings(string provisioner) =>
        MemberSettings.Resolve(new MemberFlags(), _ => null, ConfigurationFactory.ParseString($"provisioner {{ {provisioner} }}")).Provisioner;

    private static IEnumerable<string> FeatureProblems(ProvisionerSettings settings) =>
        settings.Problems().Where(p => p.StartsWith("provisioner.features", StringComparison.Ordinal));

    [Fact]
    public void The_default_profile_is_ours_every_step_with_pki_and_ed25519_together()
    {
        var settings = Settings("");

        Assert.Equal(["jwt", "pki", "ed25519"], settings.Features);
        Assert.Equal(ProvisioningFeatures.Ours, settings.EnabledFeatures());
        Assert.Empty(FeatureProblems(settings));
    }

    [Fact]
    public void Pki_with_ed25519_is_refused_with_choria_s_words_once_our_extension_is_off()
    {
        var settings = Settings("pki-with-ed25519 = off");

        Assert.Equal(["provisioner.features: can only enable one of pki or ed25519 features"], FeatureProblems(settings));
    }

    [Fact]
    public void Choria_s_ed25519_profile_needs_a_helper_because_the_built_in_ca_signs_csrs()
    {
        Assert.Equal(
            ["provisioner.features must include pki when the built-in CA (provisioner.ca-dir) signs: it signs the node's CSR"],
            FeatureProblems(Settings("""features = ["ed25519"], ca-dir = "/tmp/ca" """)));
        var withHelper = Settings("""features = ["ed25519"], helper = "/usr/local/bin/helper" """);
        Assert.Empty(FeatureProblems(withHelper));
        Assert.Equal(new ProvisioningFeatures(Jwt: true, Pki: false, Ed25519: true), withHelper.EnabledFeatures());
    }

    [Fact]
    public void An_unknown_feature_is_a_start_up_problem_naming_it()
    {
        Assert.Equal(
            ["provisioner.features: unknown feature 'x509'; known features: jwt, pki, ed25519, upgrades"],
            FeatureProblems(Settings("""features = ["x509"]""")));
    }
}
