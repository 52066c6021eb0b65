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

    /// <summary>
    /// An attempt starts with what the node answered the leader's token check (<paramref name="answer"/>): its
    /// <c>jwt</c> step verifies that answer instead of asking the node again. Held in memory only, dropped by
    /// <see cref="AttemptEnded"/>.
    /// </summary>
    void Admitted(string identity, AdmittedToken answer);

    /// <summary>
    /// The node's attempt ended, whatever its outcome, or its entity stopped on this member: whatever the steps
    /// hold in memory for it (the node's token and password) is dropped.
    /// </summary>
    void AttemptEnded(string identity);
}
