namespace Provisioner.Security.Pki;

/// <summary>The outcome of checking a node's CSR: <see cref="Accepted"/> with its names, or <see cref="Rejected"/> with Choria's reason.</summary>
public abstract record CsrInspection
{
    private CsrInspection()
    {
    }

    /// <summary>The CSR parses, its signature verifies, its CN is the identity and no name is denied.</summary>
    public sealed record Accepted(string CommonName, IReadOnlyList<string> DnsNames) : CsrInspection;

    /// <summary>The CSR must not be signed; <paramref name="Reason"/> is the error to report.</summary>
    public sealed record Rejected(string Reason) : CsrInspection;

    /// <summary>True for <see cref="Accepted"/>.</summary>
    public bool IsAccepted => this is Accepted;
}
