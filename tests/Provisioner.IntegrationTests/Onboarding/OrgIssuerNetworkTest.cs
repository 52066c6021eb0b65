using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// A test class whose every test runs in a fresh <see cref="OnboardingWorld"/> on the collection's nats-server, inside an
/// <see cref="OrgIssuerNetwork"/> of its own; a class with more to set up extends both halves of the lifetime.
/// </summary>
public abstract class OrgIssuerNetworkTest(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    protected OrgIssuerNetwork Network { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Network = new OrgIssuerNetwork(World);
    }

    public override async Task DisposeAsync()
    {
        Network.Dispose();
        await base.DisposeAsync();
    }
}
