namespace Provisioner.Aaa.Authorization;

/// <summary>What the authorizer decided: allowed, denied (with why, for the log), or the policy itself is broken.</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason, bool IsError = false)
{
    public static AuthorizationDecision Allow(string reason) => new(true, reason);

    public static AuthorizationDecision Deny(string reason) => new(false, reason);

    public static AuthorizationDecision Error(string reason) => new(false, reason, IsError: true);
}
