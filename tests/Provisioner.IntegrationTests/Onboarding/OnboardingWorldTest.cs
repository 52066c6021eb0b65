using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// A test class whose every test runs in a fresh <see cref="OnboardingWorld"/> (a CA, keys, a provisioning token, members
/// started on demand) on the collection's nats-server; a class with more to set up extends both halves of the lifetime.
/// </summary>
public abstract class OnboardingWorldTest(NatsServerFixture nats) : IAsyncLifetime
{
    protected NatsServerFixture Nats { get; } = nats;

    protected OnboardingWorld World { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        World = new OnboardingWorld(Nats.Url);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await World.DisposeAsync();
}
