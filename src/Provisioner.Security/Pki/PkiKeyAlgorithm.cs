namespace Provisioner.Security.Pki;

/// <summary>The key types the CA and the node-side CSR factory create.</summary>
public enum PkiKeyAlgorithm
{
    /// <summary>RSA 2048-bit, PKCS#1 v1.5 signatures with SHA-256: what a real Choria node makes.</summary>
    Rsa2048,

    /// <summary>ECDSA on P-256 with SHA-256: cheap to generate, used by the simulator.</summary>
    EcdsaP256,
}
