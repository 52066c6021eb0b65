namespace Provisioner.Security.Pki;

/// <summary>
/// A cluster member's certificate and its private key as the CA issued them (<see cref="CertificateAuthority.IssueMember"/>).
/// The key is a secret: write it 0600 and never log it.
/// </summary>
public sealed record MemberCertificate(string CertificatePem, string PrivateKeyPem, string SerialHex, DateTimeOffset NotAfter)
{
    /// <summary>
    /// The organizational unit every member certificate carries and no node certificate can: the CA writes a node's
    /// subject as <c>CN=identity</c> alone, so a provisioned machine holding a leaf from the same CA is not a member.
    /// </summary>
    public const string OrganizationalUnit = "provisioner-cluster-member";

    /// <summary>Shows the serial only.</summary>
    public override string ToString() => $"member certificate {SerialHex} (key *****)";
}
