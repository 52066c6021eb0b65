namespace Provisioner.Aaa.Audit;

/// <summary>Where decisions are made: the configured site and the member (its cluster address), stamped on every record.</summary>
public sealed record AuditContext(string Site, string Member);
