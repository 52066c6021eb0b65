namespace Provisioner.Aaa.Signing;

/// <summary>
/// What a signing request came to: the secure request JSON to publish, or a refusal whose reason only the log and
/// the audit trail see (the client is told just that it was denied).
/// </summary>
public sealed record SignOutcome(string? SecureRequest, string Reason)
{
    public bool Allowed => SecureRequest is not null;

    public static SignOutcome Signed(string secureRequest) => new(secureRequest, "signed");

    public static SignOutcome Denied(string reason) => new(null, reason);
}
