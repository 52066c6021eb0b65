using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>Signs CSRs with the built-in CA, one certificate per attempt, and sends the operator's node settings.</summary>
public sealed class CertificateAuthoritySigner(
    CertificateAuthority authority,
    TimeSpan certificateValidity,
    IReadOnlyDictionary<string, string> nodeSettings,
    TimeProvider clock) : INodeSigner
{
    // One CA key shared by every entity on this member; signing takes ~1 ms, so a lock costs little and
    // spares us relying on the platform key object being safe for concurrent use.
    private readonly Lock _gate = new();

    public Task<NodeEvents.Signed> SignAsync(NodeState state, ProvisioningClaims? claims, CancellationToken cancellation)
    {
        var csr = state.Csr ?? throw StepFailure.Fatal("no accepted CSR to sign");
        SignedCertificate signed;
        try
        {
            lock (_gate)
            {
                // Anchored to the persisted CSR acceptance: signing this attempt again gives the same certificate.
                signed = authority.Sign(csr.CsrPem, new IssuanceKey(state.Identity, state.Attempt, csr.At), certificateValidity);
            }
        }
        catch (PkiException e)
        {
            throw StepFailure.Fatal($"signing failed: {e.Message}");
        }
        // Without the ed25519 feature there is no proven key, so no seed or server JWT for the configuration to name.
        var config = NodeConfiguration.For(state.Identity, csr.SslDir, state.Key?.Directory, nodeSettings);
        var empty = new Dictionary<string, string>();
        return Task.FromResult(new NodeEvents.Signed(
            state.Identity, state.Attempt, clock.GetUtcNow(), signed.SerialHex, signed.CertificatePem, authority.CertificatePem,
            csr.SslDir, config, empty, empty, null, null, null, null));
    }
}
