using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>The step failed for <paramref name="Reason"/>.</summary>
public sealed record StepFailed(int Attempt, ProvisioningStep Step, StepFailureKind Kind, string Reason) : StepOutcome(Attempt, Step);
