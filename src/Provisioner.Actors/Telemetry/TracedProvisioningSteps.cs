using System.Collections.Concurrent;
using System.Diagnostics;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// Wraps the steps in spans: the first step an attempt runs on this member opens the attempt's root span, each
/// step is a child of it, and the attempt's end closes it with its outcome. A node's steps run one at a time,
/// so each root is touched by one step at once.
/// </summary>
public sealed class TracedProvisioningSteps(IProvisioningSteps inner, string member) : IProvisioningSteps
{
    private readonly ConcurrentDictionary<string, AttemptSpan> _attempts = new(StringComparer.Ordinal);

    public async Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation)
    {
        if (!OnboardingTracing.Source.HasListeners())
        {
            return await inner.RunAsync(step, state, cancellation).ConfigureAwait(false);
        }
        var attempt = RootOf(state);
        using var span = OnboardingTracing.Source.StartActivity($"step {StepName(step)}", ActivityKind.Internal, attempt.Root?.Context ?? default);
        span?.SetTag(OnboardingTracing.Identity, state.Identity);
        span?.SetTag(OnboardingTracing.Attempt, state.Attempt);
        span?.SetTag(OnboardingTracing.Step, StepName(step));
        try
        {
            var e = await inner.RunAsync(step, state, cancellation).ConfigureAwait(false);
            span?.SetTag(OnboardingTracing.Outcome, "ok");
            attempt.Outcome = e switch
            {
                NodeEvents.Provisioned => "provisioned",
                NodeEvents.ShutDown => "shutdown",
                _ => attempt.Outcome,
            };
            return e;
        }
        catch (StepFailure failure)
        {
            var outcome = failure.Kind == StepFailureKind.Fatal ? "failed" : "retry";
            span?.SetTag(OnboardingTracing.Outcome, outcome);
            // The reason names what failed (a timeout, a refused token), never the token itself.
            span?.SetStatus(ActivityStatusCode.Error, failure.Message);
            attempt.Outcome = outcome;
            throw;
        }
        catch (Exception) when (span is not null)
        {
            span.SetTag(OnboardingTracing.Outcome, "error");
            span.SetStatus(ActivityStatusCode.Error);
            attempt.Outcome = "error";
            throw;
        }
    }

    public void AttemptEnded(string identity)
    {
        inner.AttemptEnded(identity);
        if (_attempts.TryRemove(identity, out var attempt))
        {
            attempt.End("ended");
        }
    }

    // A new attempt number closes the previous root: an attempt that ended without reaching this member's end hook.
    private AttemptSpan RootOf(NodeState state)
    {
        if (_attempts.TryGetValue(state.Identity, out var known) && known.Attempt == state.Attempt)
        {
            return known;
        }
        var fresh = AttemptSpan.Start(state, member);
        if (_attempts.TryGetValue(state.Identity, out var previous))
        {
            previous.End("superseded");
        }
        _attempts[state.Identity] = fresh;
        return fresh;
    }

    private static string StepName(ProvisioningStep step) => step.ToString().ToLowerInvariant();

    private sealed class AttemptSpan(int attempt, Activity? root)
    {
        public int Attempt { get; } = attempt;
        public Activity? Root { get; } = root;
        public string? Outcome { get; set; }

        public static AttemptSpan Start(NodeState state, string member)
        {
            // A root of its own: not a child of whatever span happens to be current on the calling thread.
            var ambient = Activity.Current;
            Activity.Current = null;
            var root = OnboardingTracing.Source.StartActivity("onboarding attempt", ActivityKind.Internal);
            Activity.Current = ambient;
            root?.SetTag(OnboardingTracing.Identity, state.Identity);
            root?.SetTag(OnboardingTracing.Attempt, state.Attempt);
            root?.SetTag(OnboardingTracing.Member, member);
            root?.SetTag(OnboardingTracing.Resumed, state.Resumed);
            return new AttemptSpan(state.Attempt, root);
        }

        public void End(string fallback)
        {
            if (Root is null)
            {
                return;
            }
            Root.SetTag(OnboardingTracing.Outcome, Outcome ?? fallback);
            if (Outcome is "failed" or "error")
            {
                Root.SetStatus(ActivityStatusCode.Error);
            }
            Root.Stop();
        }
    }
}
