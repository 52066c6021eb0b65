using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// Turns a node's accepted CSR into its certificate and configuration: our built-in CA, or the external
/// helper of spec §4. Thrown <see cref="StepFailure"/>s carry the spec's reasons (deferral, shutdown, errors).
/// </summary>
public interface INodeSigner
{
    /// <param name="claims">The node's verified provisioning claims when this member still holds them (never persisted: they carry the token).</param>
    Task<NodeEvents.Signed> SignAsync(NodeState state, ProvisioningClaims? claims, CancellationToken cancellation);
}
