using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>The step proved or did what it had to; <paramref name="Event"/> records it.</summary>
public sealed record StepSucceeded(int Attempt, ProvisioningStep Step, INodeEvent Event) : StepOutcome(Attempt, Step);
