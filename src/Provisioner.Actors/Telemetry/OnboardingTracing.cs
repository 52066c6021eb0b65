using System.Diagnostics;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// The member's one source of trace spans: a root span per onboarding attempt, a child per step, helper runs
/// under their step. Without a listener (no tracer provider) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null, so tracing left off costs a null check.
/// </summary>
public static class OnboardingTracing
{
    public const string SourceName = "Provisioner.Onboarding";

    /// <summary>NATS.Net's own source: its request spans nest under the step that sent them.</summary>
    public const string NatsSourceName = "NATS.Net";

    /// <summary>Every source a member's tracer provider listens to.</summary>
    public static IReadOnlyList<string> SourceNames { get; } = [SourceName, NatsSourceName];

    public static ActivitySource Source { get; } = new(SourceName, BuildInfo.Current.Version);

    // Attribute names; values are names, numbers and outcomes, never a token, seed, password or credential.
    public const string Identity = "provisioner.node.identity";
    public const string Attempt = "provisioner.attempt";
    public const string Member = "provisioner.member";
    public const string Step = "provisioner.step";
    public const string Outcome = "provisioner.outcome";
    public const string Resumed = "provisioner.resumed";
}
