namespace Provisioner.Security.Pki;

/// <summary>
/// A node's new key and CSR: <paramref name="CsrPem"/> and <paramref name="PublicKeyPem"/> go in the
/// <c>gencsr</c> reply, <paramref name="PrivateKeyPem"/> stays on the node (<c>private.pem</c>, 0600).
/// </summary>
public sealed record GeneratedCsr(string CsrPem, string PrivateKeyPem, string PublicKeyPem)
{
    /// <summary>Masks the private key.</summary>
    public override string ToString() => $"GeneratedCsr {{ CsrPem = {CsrPem}, PrivateKeyPem = *****, PublicKeyPem = {PublicKeyPem} }}";
}
