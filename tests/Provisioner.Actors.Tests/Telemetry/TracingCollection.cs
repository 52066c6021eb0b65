using Xunit;

namespace Provisioner.Actors.Tests.Telemetry;

/// <summary>
/// Tests that listen to the onboarding spans: a listener is process-wide and turns tracing on for every entity, so
/// these run alone, not beside tests that compare journaled events.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "onboarding spans";
}
