namespace Provisioner.Agent.Actions;

/// <summary>
/// Misbehaviour the fleet simulator injects into the one action implementation, to test the provisioner
/// against nodes that sign badly, ask for the wrong name or refuse to restart. The real agent uses
/// <see cref="ActionFaults.None"/>. Each method is asked at the point the fault would happen and may
/// answer differently each time (a simulated node usually misbehaves once).
/// </summary>
public interface IActionFaults
{
    /// <summary>Whether <c>gen25519</c> should return a signature that does not verify.</summary>
    bool CorruptNonceSignature();

    /// <summary>A common name for <c>gencsr</c> to use instead of the requested one, or null.</summary>
    string? ReplaceCommonName(string requested);

    /// <summary>Whether <c>restart</c> should refuse.</summary>
    bool RefuseRestart();

    /// <summary>Whether <c>jwt</c> should start no Diffie-Hellman exchange (no <c>ecdh_public</c>), as Choria servers from before it do.</summary>
    bool WithholdEcdhPublic();
}
