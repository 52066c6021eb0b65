namespace Provisioner.Aaa.Audit;

/// <summary>Which audit records to read: by user (<c>bob</c> matches <c>up=bob</c> too), from a time on, at most so many, newest last.</summary>
public sealed record AuditQuery(string? User = null, DateTimeOffset? Since = null, int Limit = 1000);
