using Microsoft.Extensions.Logging;

namespace Provisioner.Aaa.Audit;

/// <summary>
/// Every sink a decision is written to before its answer leaves. A <em>durable</em> sink (the journal) that fails
/// fails the decision: an answer whose record could be lost is not given. Other sinks (the logfile) are best effort,
/// as Go's auditors are: their errors are counted and logged.
/// </summary>
public sealed class AuditTrail(IReadOnlyList<IAuditSink> durable, IReadOnlyList<IAuditSink> bestEffort, ILogger logger)
{
    /// <summary>Writes <paramref name="record"/>; throws when a durable sink could not keep it.</summary>
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellation)
    {
        foreach (var sink in durable)
        {
            await sink.WriteAsync(record, cancellation);
        }
        foreach (var sink in bestEffort)
        {
            try
            {
                await sink.WriteAsync(record, cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                AaaMetrics.AuditorErrors.Inc();
                logger.LogWarning("audit sink {Sink} could not write the {Action} record of {Caller}: {Error}", sink.GetType().Name, record.Action, record.Caller, e.Message);
            }
        }
    }
}
