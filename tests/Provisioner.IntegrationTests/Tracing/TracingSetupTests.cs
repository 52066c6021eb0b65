using Provisioner.Host.Telemetry;
using Xunit;

namespace Provisioner.IntegrationTests.Tracing;

/// <summary>The exporter variable: off unless it names one, and a name this member does not know is refused.</summary>
public sealed class TracingSetupTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("none")]
    [InlineData(" none , ")]
    public void No_exporter_means_no_tracer_provider(string? value) =>
        Assert.Null(TracingSetup.FromEnvironment(name => name == TracingSetup.ExporterVariable ? value : null));

    [Fact]
    public void The_console_exporter_starts_a_tracer_provider()
    {
        using var provider = TracingSetup.FromEnvironment(name => name == TracingSetup.ExporterVariable ? "console" : null);
        Assert.NotNull(provider);
    }

    [Fact]
    public void An_unknown_exporter_is_refused_by_name()
    {
        var e = Assert.Throws<FormatException>(() => TracingSetup.FromEnvironment(name => name == TracingSetup.ExporterVariable ? "otlp,zipkin" : null));
        Assert.Contains("zipkin", e.Message);
    }
}
