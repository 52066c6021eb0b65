using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Provisioner.Actors.Telemetry;

namespace Provisioner.Host.Telemetry;

/// <summary>
/// The member's tracer provider from the standard <c>OTEL_*</c> variables: <c>OTEL_TRACES_EXPORTER</c> picks
/// <c>otlp</c> or <c>console</c>; unset or <c>none</c> starts nothing, so no span is ever made. The SDK itself reads
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c> and the sampler variables.
/// </summary>
public static class TracingSetup
{
    public const string ExporterVariable = "OTEL_TRACES_EXPORTER";
    private const string DefaultServiceName = "provisioner";

    /// <exception cref="FormatException">The exporter variable names an exporter this member does not have.</exception>
    public static TracerProvider? FromEnvironment(Func<string, string?> variable)
    {
        var exporters = (variable(ExporterVariable) ?? "none")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant())
            .Where(e => e != "none")
            .Distinct()
            .ToList();
        var unknown = exporters.Where(e => e is not ("otlp" or "console")).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"{ExporterVariable}: unknown exporter '{unknown[0]}' (otlp, console or none)");
        }
        if (exporters.Count == 0)
        {
            return null;
        }
        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(variable("OTEL_SERVICE_NAME") ?? DefaultServiceName, serviceVersion: BuildInfo.Current.Version))
            .AddSource([.. OnboardingTracing.SourceNames]);
        if (exporters.Contains("otlp"))
        {
            builder.AddOtlpExporter();
        }
        if (exporters.Contains("console"))
        {
            builder.AddConsoleExporter();
        }
        return builder.Build();
    }
}
