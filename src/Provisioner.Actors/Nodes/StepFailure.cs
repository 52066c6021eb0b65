namespace Provisioner.Actors.Nodes;

/// <summary>Thrown by a step to fail with a known kind and a reason in the spec's words.</summary>
public sealed class StepFailure(StepFailureKind kind, string reason) : Exception(reason)
{
    public StepFailureKind Kind { get; } = kind;

    public static StepFailure Retryable(string reason) => new(StepFailureKind.Retryable, reason);
    public static StepFailure Unanswered(string reason) => new(StepFailureKind.Unanswered, reason);
    public static StepFailure Fatal(string reason) => new(StepFailureKind.Fatal, reason);
}
