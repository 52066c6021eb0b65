namespace Provisioner.Agent.Fleet;

/// <summary>A way a simulated node misbehaves; each faulty node shows its fault once, then behaves, so a robust provisioner still gets it provisioned.</summary>
public enum FleetFault
{
    /// <summary>Every reply waits a few seconds (within the provisioner's timeouts).</summary>
    Slow,

    /// <summary>The first reply is never sent; the provisioner must retry.</summary>
    Drop,

    /// <summary><c>gen25519</c> returns a signature that does not verify.</summary>
    BadSignature,

    /// <summary><c>gencsr</c> makes a CSR for another common name.</summary>
    WrongCommonName,

    /// <summary>The node reboots after <c>gen25519</c>: it forgets its seed, its lock and its ECDH key, and announces itself again.</summary>
    Reboot,

    /// <summary>Every announcement is published twice.</summary>
    Duplicate,

    /// <summary><c>restart</c> is refused once.</summary>
    NoRestart,

    /// <summary><c>jwt</c> never returns <c>ecdh_public</c>, as a Choria server from before the Diffie-Hellman exchange (not shown once: such a server never has it).</summary>
    NoEcdh,
}
