using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// A test class whose every test runs in a fresh <see cref="OnboardingWorld"/> on the collection's nats-server, inside an
/// <see cref="OrgIssuerNetwork"/> of its own; a class with more to set up extends both halves of the lifetime.
/// </summary>
public abstract class OrgIssuerNetworkTest(NatsServerFixture nats) : IAsyncLifetime
{
    protected NatsServerFixture Nats { get; } = nats;

    protected OnboardingWorld World { get; private set; } = null!;

    protected OrgIssuerNetwork Network { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        World = new OnboardingWorld(Nats.Url);
        Network = new OrgIssuerNetwork(World);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        Network.Dispose();
        await World.DisposeAsync();
    }
}
