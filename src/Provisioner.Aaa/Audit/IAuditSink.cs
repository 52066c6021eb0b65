namespace Provisioner.Aaa.Audit;

/// <summary>Where audit records go: the logfile auditor, the cluster's journal.</summary>
public interface IAuditSink
{
    /// <summary>Keeps <paramref name="record"/>; throws when it could not.</summary>
    Task WriteAsync(AuditRecord record, CancellationToken cancellation);
}
