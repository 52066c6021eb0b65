using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Provisioner.Actors.Journal;

namespace Provisioner.Host.Monitoring;

/// <summary>Ready while the journal answers a query: without it no entity can persist a step.</summary>
public sealed class JournalReachableCheck(JournalStore journal) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = journal.Connect(readOnly: true);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{journal.Database} journal answers");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"{journal.Database} journal: {e.Message}");
        }
    }
}
