namespace Provisioner.Security.Pki;

/// <summary>
/// The subject a node puts in its CSR, from the <c>gencsr</c> inputs <c>cn</c>, <c>C</c>, <c>L</c>, <c>O</c>,
/// <c>OU</c>. <c>ST</c> is accepted but, as in Choria, never written into the CSR.
/// </summary>
public sealed record CsrSubject(
    string CommonName,
    string? Country = null,
    string? Locality = null,
    string? Organization = null,
    string? OrganizationalUnit = null,
    string? State = null);
