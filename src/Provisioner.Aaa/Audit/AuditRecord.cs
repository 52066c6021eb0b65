namespace Provisioner.Aaa.Audit;

/// <summary>
/// One login or signing decision as the audit trail keeps it: who, what, allowed or denied, and why.
/// <see cref="Id"/> is derived from the decision's inputs and outcome, so a client that repeats the very same
/// request after losing the reply (a member killed mid-request) leaves one record, not two.
/// </summary>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset Time,
    string Site,
    string Member,
    AuditKind Kind,
    string User,
    string Caller,
    AuditDecision Decision,
    string Subject,
    string Reason,
    string Request)
{
    /// <summary>The decision's verb as Choria's auditors write it: <c>allow</c> or <c>deny</c>.</summary>
    public string Action => Decision == AuditDecision.Allow ? "allow" : "deny";
}

/// <summary>Which service made the decision.</summary>
public enum AuditKind
{
    Login,
    Sign,
}

/// <summary>What was decided.</summary>
public enum AuditDecision
{
    Allow,
    Deny,
}
