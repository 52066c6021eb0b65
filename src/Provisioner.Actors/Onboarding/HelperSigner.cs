using Provisioner.Actors.Onboarding.Helper;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;
using Provisioner.Security.KeyWrap;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// Lets the operator's external helper (spec §4) decide a node's configuration and certificates. A helper
/// error fails the attempt; <c>defer</c> and <c>shutdown</c> end it as the spec says; a private key from the
/// helper is wrapped for the node's ECDH key before anything is persisted.
/// </summary>
public sealed class HelperSigner(HelperRunner runner, TimeProvider clock) : INodeSigner
{
    public async Task<NodeEvents.Signed> SignAsync(NodeState state, ProvisioningClaims? claims, CancellationToken cancellation)
    {
        // A helper may sign the CSR's subject as it is, so the name rule holds here too, whatever accepted the CSR.
        if (state.Csr is { } accepted && CsrNameRule.Check(accepted.CsrPem, state.Identity) is CsrInspection.Rejected rejected)
        {
            throw StepFailure.Fatal(rejected.Reason);
        }
        var input = new HelperInput
        {
            Identity = state.Identity,
            Csr = state.Csr is { } csr ? new HelperCsr { Csr = csr.CsrPem, PublicKey = csr.PublicKeyPem, SslDir = csr.SslDir } : null,
            Ed25519PublicKey = state.Key is { } key ? new HelperEd25519PublicKey { PublicKey = key.PublicKey, Directory = key.Directory, Signature = key.Signature } : null,
            Inventory = state.Inventory?.InventoryJson ?? "{}",
            Jwt = claims is null ? null : HelperInput.ClaimsJson(claims),
        };
        var result = await runner.RunAsync(input, cancellation);
        if (!result.Succeeded)
        {
            throw StepFailure.Fatal(result.Error ?? "helper failed");
        }
        return result.Outcome() switch
        {
            HelperOutcome.Defer defer => throw new StepFailure(StepFailureKind.Deferred, defer.Reason),
            HelperOutcome.Shutdown shutdown => throw new StepFailure(StepFailureKind.ShutdownRequested, shutdown.Message ?? "helper requested shutdown"),
            HelperOutcome.Configure configure => Signed(state, configure.Output),
            _ => throw StepFailure.Fatal("helper gave no outcome"),
        };
    }

    private NodeEvents.Signed Signed(NodeState state, HelperOutput output)
    {
        WrappedKey? wrapped = null;
        if (!string.IsNullOrEmpty(output.Key))
        {
            var ecdh = state.Token?.EcdhPublic;
            if (string.IsNullOrEmpty(ecdh))
            {
                throw StepFailure.Fatal("private key received from helper but server did not start Diffie-Hellman exchange");
            }
            try
            {
                wrapped = EcdhKeyWrap.Wrap(output.Key, ecdh);
            }
            catch (KeyWrapException e)
            {
                throw StepFailure.Fatal($"cannot wrap the helper's private key: {e.Message}");
            }
        }
        var empty = new Dictionary<string, string>();
        return new NodeEvents.Signed(
            state.Identity,
            state.Attempt,
            clock.GetUtcNow(),
            SerialOf(output.Certificate),
            output.Certificate ?? "",
            output.Ca ?? "",
            // A CSR's ssldir replaces the helper's (spec §2 step 9).
            state.Csr?.SslDir ?? output.SslDir ?? "",
            output.Configuration ?? empty,
            output.ActionPolicies ?? empty,
            output.OpaPolicies ?? empty,
            wrapped?.EncryptedPem,
            wrapped?.EcdhPublic,
            output.Message,
            output.ServerClaims is null ? null : JsonSerializer.Serialize(output.ServerClaims))
        {
            UpgradeTo = string.IsNullOrEmpty(output.Upgrade) ? null : output.Upgrade,
        };
    }

    private static string SerialOf(string? certificatePem)
    {
        if (string.IsNullOrWhiteSpace(certificatePem)) return "";
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem);
            return certificate.SerialNumber;
        }
        catch (CryptographicException e)
        {
            throw StepFailure.Fatal($"helper certificate is not a valid PEM certificate: {e.Message}");
        }
    }
}
