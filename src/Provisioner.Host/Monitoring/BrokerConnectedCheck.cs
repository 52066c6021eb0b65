using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace Provisioner.Host.Monitoring;

/// <summary>Ready while the NATS connection is open: without it no node is heard or asked.</summary>
public sealed class BrokerConnectedCheck(INatsConnection nats) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(nats.ConnectionState == NatsConnectionState.Open
            ? HealthCheckResult.Healthy("NATS connected")
            : HealthCheckResult.Unhealthy($"NATS {nats.ConnectionState}"));
}
