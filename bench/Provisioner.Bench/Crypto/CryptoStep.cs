namespace Provisioner.Bench.Crypto;

/// <summary>
/// One piece of crypto a node costs, in protocol order. Fleet steps are what a simulated machine does,
/// provisioner steps what a member does for it.
/// </summary>
public enum CryptoStep
{
    /// <summary>Fleet, <c>jwt</c>: a fresh X25519 key pair whose public half is <c>ecdh_public</c>.</summary>
    FleetX25519,

    /// <summary>Provisioner, after <c>jwt</c>: verify the provisioning token (signature, claims, lifetime).</summary>
    TokenVerify,

    /// <summary>Fleet, <c>gen25519</c>: a fresh Ed25519 key, its seed exported as hex, the nonce signed.</summary>
    FleetEd25519,

    /// <summary>Provisioner, <c>gen25519</c>: make the nonce, then verify the node's Ed25519 signature over it.</summary>
    NonceVerify,

    /// <summary>Fleet, <c>gencsr</c>: a fresh ECDSA P-256 key and a CSR signed by it, as PEM.</summary>
    FleetCsr,

    /// <summary>Provisioner, after <c>gencsr</c>: parse the CSR, verify its signature, check the CN and deny list.</summary>
    CsrInspect,

    /// <summary>Provisioner: sign the CSR into a leaf certificate with the CA (the built-in signer).</summary>
    CsrSign,

    /// <summary>Provisioner: build and sign the node's server JWT.</summary>
    ServerJwt,

    /// <summary>Provisioner, only with a fleet broker directory: mint the machine's NATS user JWT.</summary>
    NatsCredentials,
}
