namespace Provisioner.Messages.Nodes;

/// <summary>What made an onboarding attempt start.</summary>
public enum AttemptTriggerKind
{
    /// <summary>The node published a lifecycle startup event.</summary>
    LifecycleEvent,

    /// <summary>The node answered a discovery sweep.</summary>
    Discovery,

    /// <summary>An operator asked for a new attempt (console <c>node retry</c>).</summary>
    Operator,

    /// <summary>
    /// A member recovered an attempt that was accepted but had issued nothing yet (its member crashed): everything
    /// before signing is cheap to redo, so it runs again as a new attempt.
    /// </summary>
    Resumed,
}
