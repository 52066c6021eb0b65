using Provisioner.Actors.Onboarding;
using Provisioner.Security.Tokens;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

public sealed class AttemptSecretsTests
{
    [Fact]
    public void Steps_drop_a_nodes_token_and_password_when_its_attempt_ends()
    {
        var secrets = new AttemptSecrets();
        // Only AttemptEnded is exercised: it calls no node, signs nothing and checks no token.
        var settings = new StepSettings("token", null!, null!, null!, null, TimeSpan.Zero, "member");
        var steps = new ChoriaProvisioningSteps(null!, null!, settings, TimeProvider.System, secrets);
        secrets.Remember("n1.example.net", new ProvisioningClaims { Token = "s3cr3t" });
        secrets.Remember("n2.example.net", new ProvisioningClaims { Token = "other" });

        steps.AttemptEnded("n1.example.net");

        Assert.Null(secrets.Of("n1.example.net"));
        Assert.Equal("other", secrets.Of("n2.example.net")?.Token);
        Assert.Equal(1, secrets.Count);
    }
}
