using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>
/// The side effects of onboarding: each step talks to the node or signs something and returns the event that
/// records what it proved. Failures are thrown as <see cref="StepFailure"/>. Implementations must be safe to call
/// from many entities at once.
/// </summary>
public interface IProvisioningSteps
{
    Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation);
}
