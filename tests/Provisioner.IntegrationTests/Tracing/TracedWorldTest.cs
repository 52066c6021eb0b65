using OpenTelemetry;
using OpenTelemetry.Trace;
using Provisioner.Actors.Telemetry;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Tracing;

/// <summary>
/// A test class whose every test runs in a fresh <see cref="OnboardingWorld"/> on the collection's nats-server while an
/// in-memory exporter collects every onboarding span this process makes, whichever member makes it.
/// </summary>
public abstract class TracedWorldTest(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    /// <summary>The steps of a whole onboarding with our default features, in the order they run.</summary>
    protected static readonly string[] Steps = ["jwt", "gen25519", "inventory", "gencsr", "sign", "issueserverjwt", "configure", "restart"];

    private TracerProvider _tracing = null!;

    protected LockedSpans Spans { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource([.. OnboardingTracing.SourceNames])
            .AddInMemoryExporter(Spans)
            .Build();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _tracing.Dispose();
    }
}
