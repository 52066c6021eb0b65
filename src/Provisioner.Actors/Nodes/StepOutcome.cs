using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>A step's result, sent by the running step back to its entity.</summary>
public abstract record StepOutcome(int Attempt, ProvisioningStep Step);
