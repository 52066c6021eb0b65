using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Prometheus;
using Provisioner.Aaa.Http;

namespace Provisioner.Host.Monitoring;

/// <summary>
/// The member's monitoring port: Prometheus <c>/metrics</c>, <c>/healthz</c> (the process serves HTTP) and
/// <c>/readyz</c> (every readiness check passes: 200, else 503, one line per check either way).
/// </summary>
public sealed class MonitoringServer : IAsyncDisposable
{
    public const string ReadyTag = "ready";

    private readonly WebApplication _app;

    private MonitoringServer(WebApplication app) => _app = app;

    /// <summary>The address it listens on, with the port bound (useful when asked for port 0).</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>Listens on <paramref name="bind"/> with <paramref name="readiness"/> behind <c>/readyz</c>.</summary>
    public static async Task<MonitoringServer> StartAsync(IPEndPoint bind, IReadOnlyDictionary<string, IHealthCheck> readiness, CancellationToken cancellation)
    {
        var builder = EmbeddedWebServer.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(bind));
        var checks = builder.Services.AddHealthChecks();
        foreach (var (name, check) in readiness)
        {
            checks.AddCheck(name, check, tags: [ReadyTag]);
        }
        var app = builder.Build();
        app.MapMetrics("/metrics");
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteLines });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteLines });
        await app.StartAsync(cancellation);
        var server = new MonitoringServer(app);
        var address = app.Urls.Select(u => new Uri(u)).First();
        server.EndPoint = new IPEndPoint(bind.Address, address.Port);
        return server;
    }

    // Plain text an operator can read with curl: the overall status, then each check and why.
    private static Task WriteLines(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(" (").Append(entry.Description).Append(")\n");
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
