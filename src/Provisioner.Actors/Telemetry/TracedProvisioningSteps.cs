using System.Diagnostics;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// Wraps each step in a span, a child of the current span: the attempt's span on this member, which the entity makes
/// current for the step (<see cref="AttemptSpans"/>). The step's helper runs and NATS requests nest under it.
/// </summary>
public sealed class TracedProvisioningSteps(IProvisioningSteps inner, string member) : IProvisioningSteps
{
    // Off, the inner step's own task is handed back: no state machine, no allocation.
    public Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation) =>
        OnboardingTracing.Enabled ? RunTracedAsync(step, state, cancellation) : inner.RunAsync(step, state, cancellation);

    private async Task<INodeEvent> RunTracedAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation)
    {
        var name = StepName(step);
        using var span = OnboardingTracing.Source.StartActivity($"step {name}", ActivityKind.Internal);
        span?.SetTag(OnboardingTracing.Identity, state.Identity);
        span?.SetTag(OnboardingTracing.Attempt, state.Attempt);
        span?.SetTag(OnboardingTracing.Member, member);
        span?.SetTag(OnboardingTracing.Step, name);
        try
        {
            var e = await inner.RunAsync(step, state, cancellation).ConfigureAwait(false);
            span?.SetTag(OnboardingTracing.Outcome, "ok");
            return e;
        }
        catch (StepFailure failure)
        {
            span?.SetTag(OnboardingTracing.Outcome, failure.Kind == StepFailureKind.Fatal ? "failed" : "retry");
            // The reason names what failed (a timeout, a refused token), never the token itself.
            span?.SetStatus(ActivityStatusCode.Error, failure.Message);
            throw;
        }
        catch (Exception) when (span is not null)
        {
            span.SetTag(OnboardingTracing.Outcome, "error");
            span.SetStatus(ActivityStatusCode.Error);
            throw;
        }
    }

    public void Admitted(string identity, AdmittedToken answer) => inner.Admitted(identity, answer);

    public void AttemptEnded(string identity) => inner.AttemptEnded(identity);

    private static string StepName(ProvisioningStep step) => step.ToString().ToLowerInvariant();
}
