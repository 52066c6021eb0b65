namespace Provisioner.Security.Pki;

/// <summary>A leaf certificate the CA issued: its PEM (for <c>configure.certificate</c>), serial (upper-case hex) and expiry.</summary>
public sealed record SignedCertificate(string CertificatePem, string SerialHex, DateTimeOffset NotAfter);
