using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Provisioner.Actors.Journal;
using Provisioner.Host.Monitoring;
using Xunit;

namespace Provisioner.Host.Tests.Monitoring;

public sealed class MonitoringServerTests
{
    private sealed class Fixed(HealthCheckResult result) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(result);
    }

    private static async Task<(HttpStatusCode Status, string Body)> Get(MonitoringServer server, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"http://{server.EndPoint}{path}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<MonitoringServer> Start(params (string Name, IHealthCheck Check)[] checks) =>
        MonitoringServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), checks.ToDictionary(c => c.Name, c => c.Check), CancellationToken.None);

    [Fact]
    public async Task Readyz_is_200_when_every_check_passes_and_503_naming_the_one_that_fails()
    {
        await using var ready = await Start(("cluster", new Fixed(HealthCheckResult.Healthy("member is Up"))), ("nats", new Fixed(HealthCheckResult.Healthy("NATS connected"))));
        await using var notReady = await Start(("cluster", new Fixed(HealthCheckResult.Healthy("member is Up"))), ("nats", new Fixed(HealthCheckResult.Unhealthy("NATS Reconnecting"))));

        Assert.Equal((HttpStatusCode.OK, "Healthy\ncluster: Healthy (member is Up)\nnats: Healthy (NATS connected)\n"), await Get(ready, "/readyz"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy\ncluster: Healthy (member is Up)\nnats: Unhealthy (NATS Reconnecting)\n"), await Get(notReady, "/readyz"));
    }

    [Fact]
    public async Task Healthz_says_the_process_serves_whatever_readiness_says()
    {
        await using var server = await Start(("nats", new Fixed(HealthCheckResult.Unhealthy("NATS Closed"))));

        Assert.Equal((HttpStatusCode.OK, "Healthy\n"), await Get(server, "/healthz"));
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_format()
    {
        Provisioner.Actors.Telemetry.ProvisionerMetrics.WorkQueueOverflow.Inc(0);
        await using var server = await Start();

        var (status, body) = await Get(server, "/metrics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("# TYPE choria_provisioner_work_queue_overflow counter", body);
    }

    [Fact]
    public async Task The_journal_check_fails_naming_the_database_when_it_cannot_be_opened()
    {
        var dir = Directory.CreateTempSubdirectory("provisioner-readyz-").FullName;
        try
        {
            var good = new JournalStore(JournalDatabase.Sqlite, $"Data Source={Path.Combine(dir, "journal.db")}");
            good.CreatePrivateFile();
            var missing = new JournalStore(JournalDatabase.Sqlite, $"Data Source={Path.Combine(dir, "none", "journal.db")};Mode=ReadOnly");

            var healthy = await new JournalReachableCheck(good).CheckHealthAsync(new HealthCheckContext());
            var unhealthy = await new JournalReachableCheck(missing).CheckHealthAsync(new HealthCheckContext());

            Assert.Equal((HealthStatus.Healthy, "Sqlite journal answers"), (healthy.Status, healthy.Description));
            Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
            Assert.StartsWith("Sqlite journal: ", unhealthy.Description);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_journal_check_answers_probes_from_its_last_query_for_a_moment_and_still_sees_the_journal_go()
    {
        var dir = Directory.CreateTempSubdirectory("provisioner-readyz-").FullName;
        try
        {
            var file = Path.Combine(dir, "journal.db");
            var store = new JournalStore(JournalDatabase.Sqlite, $"Data Source={file}");
            store.CreatePrivateFile();
            var clock = Provisioner.Testing.ManualClock.AtUnix(0);
            var check = new JournalReachableCheck(store, clock);

            var first = await check.CheckHealthAsync(new HealthCheckContext());
            File.Delete(file);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var withinFreshness = await check.CheckHealthAsync(new HealthCheckContext());
            clock.Advance(JournalReachableCheck.Freshness);
            var after = await check.CheckHealthAsync(new HealthCheckContext());

            Assert.Equal(HealthStatus.Healthy, first.Status);
            Assert.Equal(HealthStatus.Healthy, withinFreshness.Status);
            Assert.Equal(HealthStatus.Unhealthy, after.Status);
            Assert.StartsWith("Sqlite journal: ", after.Description);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_nats_check_fails_while_the_connection_is_not_open()
    {
        await using var nats = new NATS.Client.Core.NatsConnection(new NATS.Client.Core.NatsOpts { Url = "nats://127.0.0.1:1" });

        var result = await new BrokerConnectedCheck(nats).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal((HealthStatus.Unhealthy, "NATS Closed"), (result.Status, result.Description));
    }

    [Fact]
    public async Task The_cluster_check_fails_until_the_member_has_joined()
    {
        using var system = Akka.Actor.ActorSystem.Create("readiness", Akka.Configuration.ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = WARNING
            """));

        var result = await new ClusterMemberUpCheck(system).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("member is ", result.Description);
        Assert.NotEqual("member is Up", result.Description);
    }
}
