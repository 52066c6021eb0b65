using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Telemetry;
using Provisioner.Messages.Nodes;

namespace Provisioner.Benchmarks.Telemetry;

/// <summary>
/// What tracing adds to one attempt on a member, apart from the steps' own work: the attempt's span, a span per
/// step (eight, through <see cref="TracedProvisioningSteps"/>) and its three journal writes (<see cref="AttemptSpans"/>),
/// over steps that return their recorded event at once. <c>Off</c> is the default member (no tracer provider);
/// <c>On</c> is a tracer provider sampling every span, exported synchronously to an exporter that drops them, so the
/// cost of making and ending spans lands on the measured thread (an OTLP exporter batches and sends from its own).
/// <c>Bare</c> runs the steps without the wrapper: the baseline Off is compared with.
/// </summary>
[MemoryDiagnoser]
public class TracingBenchmarks
{
    private static readonly ProvisioningStep[] Steps =
    [
        ProvisioningStep.Jwt, ProvisioningStep.Gen25519, ProvisioningStep.Inventory, ProvisioningStep.Gencsr,
        ProvisioningStep.Sign, ProvisioningStep.IssueServerJwt, ProvisioningStep.Configure, ProvisioningStep.Restart,
    ];

    private RecordedSteps _bare = null!;
    private TracedProvisioningSteps _traced = null!;
    private NodeState _state = null!;
    private TracerProvider? _provider;
    private AttemptSpans? _spans;

    [Params("Bare", "Off", "On")]
    public string Tracing { get; set; } = "Off";

    [GlobalSetup]
    public void Setup()
    {
        _bare = new RecordedSteps(SampleNode.Create().StepEvents);
        _traced = new TracedProvisioningSteps(_bare, SampleNode.Member);
        _state = NodeState.Empty(SampleNode.Identity) with { Attempt = 1 };
        // An entity holds one for its life, not one per attempt.
        _spans = Tracing == "Bare" ? null : new AttemptSpans(SampleNode.Identity, SampleNode.Member);
        if (Tracing == "On")
        {
            _provider = Sdk.CreateTracerProviderBuilder()
                .AddSource(OnboardingTracing.SourceName)
                .SetSampler(new AlwaysOnSampler())
                .AddProcessor(new SimpleActivityExportProcessor(new DroppingExporter()))
                .Build();
        }
        if ((Tracing == "On") != OnboardingTracing.Enabled)
        {
            throw new InvalidOperationException($"tracing {Tracing} but listeners: {OnboardingTracing.Enabled}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _provider?.Dispose();

    /// <summary>One attempt: open, eight steps, three journal writes, end.</summary>
    [Benchmark(Description = "one attempt's spans")]
    public async Task<INodeEvent?> Attempt()
    {
        IProvisioningSteps steps = _spans is null ? _bare : _traced;
        var spans = _spans;
        spans?.Open(1, null, resumed: false);
        INodeEvent? last = null;
        for (var i = 0; i < Steps.Length; i++)
        {
            var parent = Activity.Current;
            Activity.Current = spans?.Current;
            last = await steps.RunAsync(Steps[i], _state, CancellationToken.None);
            Activity.Current = parent;
            if (i is 0 or 5 or 7)
            {
                spans?.BeginWrite(1, 1);
                spans?.EndWrite("ok");
            }
        }
        spans?.End("provisioned");
        return last;
    }

    private sealed class RecordedSteps(IReadOnlyList<INodeEvent> events) : IProvisioningSteps
    {
        public Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation) =>
            Task.FromResult(events[Array.IndexOf(Steps, step)]);

        public void Admitted(string identity, AdmittedToken answer)
        {
        }

        public void AttemptEnded(string identity)
        {
        }
    }

    private sealed class DroppingExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }
}
