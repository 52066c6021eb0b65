namespace Provisioner.Actors.Nodes;

/// <summary>How a step can fail; decides whether it is tried again and how the attempt ends.</summary>
public enum StepFailureKind
{
    /// <summary>A transport or node error (timeout, wrong reply count, non-OK status): tried again up to the step's limit.</summary>
    Retryable,

    /// <summary>No reply came at all before the timeout: tried again like <see cref="Retryable"/>; the decisions give it a meaning per step.</summary>
    Unanswered,

    /// <summary>Proof failed (bad token, forged signature, denied name, helper error): trying again cannot help.</summary>
    Fatal,

    /// <summary>The helper deferred the node.</summary>
    Deferred,

    /// <summary>The helper asked for the node to be shut down.</summary>
    ShutdownRequested,
}
