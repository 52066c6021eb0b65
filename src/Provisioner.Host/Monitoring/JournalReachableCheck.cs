using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Provisioner.Actors.Journal;

namespace Provisioner.Host.Monitoring;

/// <summary>
/// Ready while the journal answers a query: without it no entity can persist a step. A probe within
/// <see cref="Freshness"/> of the last check gets that check's answer (and probes arriving together share one
/// check), so an orchestrator probing every second, or several probing at once, cost the journal one connection a
/// few seconds rather than one each.
/// </summary>
public sealed class JournalReachableCheck(JournalStore journal, TimeProvider? clock = null) : IHealthCheck
{
    /// <summary>How long an answer stands: short against the probe periods of Kubernetes or Docker (10 s and more).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private Task<HealthCheckResult>? _last;
    private DateTimeOffset _lastStarted;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_last is null || now - _lastStarted >= Freshness)
            {
                // Not the probe's token: a check others share must not be cancelled by the one that started it.
                _last = Task.Run(QueryAsync, CancellationToken.None);
                _lastStarted = now;
            }
            return _last.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> QueryAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var connection = journal.Connect(readOnly: true);
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{journal.Database} journal answers");
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{journal.Database} journal: no answer within 5 s");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"{journal.Database} journal: {e.Message}");
        }
    }
}
