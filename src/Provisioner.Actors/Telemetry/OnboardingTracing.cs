using System.Diagnostics;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// The member's one source of trace spans: a span per onboarding attempt on each member that runs part of it, a
/// child per step and per journal write, helper runs and NATS requests under their step. Without a listener (no
/// tracer provider) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null, so tracing left
/// off costs a null check.
/// </summary>
public static class OnboardingTracing
{
    public const string SourceName = "Provisioner.Onboarding";

    /// <summary>NATS.Net's own source: its request spans nest under the step that sent them.</summary>
    public const string NatsSourceName = "NATS.Net";

    /// <summary>Every source a member's tracer provider listens to.</summary>
    public static IReadOnlyList<string> SourceNames { get; } = [SourceName, NatsSourceName];

    public static ActivitySource Source { get; } = new(SourceName, BuildInfo.Current.Version);

    // Span names.
    public const string AttemptSpan = "onboarding attempt";
    public const string JournalWriteSpan = "journal write";
    public const string HelperRunSpan = "helper run";

    // Attribute names; values are names, numbers and outcomes, never a token, seed, password or credential.
    public const string Identity = "provisioner.node.identity";
    public const string Attempt = "provisioner.attempt";
    public const string Member = "provisioner.member";
    public const string Step = "provisioner.step";
    public const string Outcome = "provisioner.outcome";
    public const string Resumed = "provisioner.resumed";
    public const string JournalEvents = "provisioner.journal.events";

    /// <summary>Whether anything listens: false without a tracer provider, and then no span is made.</summary>
    public static bool Enabled => Source.HasListeners();

    /// <summary>
    /// Starts a span under <paramref name="parent"/> (a new trace's root when it is default) without making it the
    /// calling thread's current span: an actor's thread runs other actors next, which must not inherit it.
    /// </summary>
    public static Activity? StartDetached(string name, ActivityContext parent)
    {
        if (!Enabled)
        {
            return null;
        }
        var ambient = Activity.Current;
        Activity.Current = null;
        var span = Source.StartActivity(name, ActivityKind.Internal, parent);
        Activity.Current = ambient;
        return span;
    }

    /// <summary>The W3C context of <paramref name="span"/>, to journal: a W3C span's id is its <c>traceparent</c>.</summary>
    public static TraceContext ContextOf(Activity span) => new(span.Id!, span.TraceStateString);

    /// <summary>The parent a journaled context names; default (a new root) when there is none or it does not parse.</summary>
    public static ActivityContext ParentOf(TraceContext? trace) =>
        trace is not null && ActivityContext.TryParse(trace.TraceParent, trace.TraceState, isRemote: true, out var parent) ? parent : default;
}
