using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>How a step can fail; decides whether it is tried again and how the attempt ends.</summary>
public enum StepFailureKind
{
    /// <summary>A transport or node error (timeout, wrong reply count, non-OK status): tried again up to the step's limit.</summary>
    Retryable,

    /// <summary>Proof failed (bad token, forged signature, denied name, helper error): trying again cannot help.</summary>
    Fatal,

    /// <summary>The helper deferred the node.</summary>
    Deferred,

    /// <summary>The helper asked for the node to be shut down.</summary>
    ShutdownRequested,
}

/// <summary>A step's result, sent by the running step back to its entity.</summary>
public abstract record StepOutcome(int Attempt, ProvisioningStep Step);

/// <summary>The step proved or did what it had to; <paramref name="Event"/> records it.</summary>
public sealed record StepSucceeded(int Attempt, ProvisioningStep Step, INodeEvent Event) : StepOutcome(Attempt, Step);

/// <summary>The step failed for <paramref name="Reason"/>.</summary>
public sealed record StepFailed(int Attempt, ProvisioningStep Step, StepFailureKind Kind, string Reason) : StepOutcome(Attempt, Step);

/// <summary>Thrown by a step to fail with a known kind and a reason in the spec's words.</summary>
public sealed class StepFailure(StepFailureKind kind, string reason) : Exception(reason)
{
    public StepFailureKind Kind { get; } = kind;

    public static StepFailure Retryable(string reason) => new(StepFailureKind.Retryable, reason);
    public static StepFailure Fatal(string reason) => new(StepFailureKind.Fatal, reason);
}
