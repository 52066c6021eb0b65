using System.Security.Cryptography;

namespace Provisioner.Testing;

/// <summary>
/// One RSA-2048 key per test process, as Choria's <c>signer-key.pem</c>: generating one costs about 300 ms, too
/// much to pay per test.
/// </summary>
public static class SharedRsaKey
{
    private static readonly Lazy<RSA> Key = new(() => RSA.Create(2048));

    public static RSA Rsa => Key.Value;

    /// <summary>The private key as PKCS#1 PEM (<c>RSA PRIVATE KEY</c>), the form <c>openssl genrsa</c> gives Choria's signer.</summary>
    public static string PrivatePem => Rsa.ExportRSAPrivateKeyPem();

    /// <summary>The public key as SubjectPublicKeyInfo PEM (<c>PUBLIC KEY</c>), the form a <c>jwt_verify_cert</c> file holds.</summary>
    public static string PublicPem => Rsa.ExportSubjectPublicKeyInfoPem();
}
