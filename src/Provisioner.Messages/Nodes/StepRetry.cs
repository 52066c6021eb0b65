namespace Provisioner.Messages.Nodes;

/// <summary>One failed try of a step that was tried again, kept in the attempt's outcome for <c>node history</c>.</summary>
public sealed record StepRetry(DateTimeOffset At, ProvisioningStep Step, int Try, string Error);
