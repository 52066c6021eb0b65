using System.Net;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Monitoring;

/// <summary>A member's monitoring port: ready once Up with its journal and NATS, not ready while NATS is gone.</summary>
public sealed class MemberReadinessTests : IAsyncLifetime
{
    private NatsServerProcess _nats = null!;
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync()
    {
        _nats = await NatsServerProcess.StartAsync();
        _world = new OnboardingWorld(_nats.Url);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _nats.DisposeAsync();
    }

    private static async Task<(HttpStatusCode Status, string Body)> Get(IPEndPoint endPoint, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"http://{endPoint}{path}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_lists_cluster_journal_and_nats_and_turns_503_when_the_broker_goes_away()
    {
        var member = await _world.StartMemberAsync($"""
            metrics-port = {FreePort.Next()}
            metrics-bind = "127.0.0.1"
            """);
        var endPoint = member.MonitoringEndPoint!;

        Assert.Equal(
            (HttpStatusCode.OK, "Healthy\ncluster: Healthy (member is Up)\njournal: Healthy (Sqlite journal answers)\nnats: Healthy (NATS connected)\n"),
            await Get(endPoint, "/readyz"));
        Assert.Equal((HttpStatusCode.OK, "Healthy\n"), await Get(endPoint, "/healthz"));
        Assert.Contains("choria_provisioner_", (await Get(endPoint, "/metrics")).Body);

        await _nats.DisposeAsync();

        await Eventually.TrueAsync(async () => (await Get(endPoint, "/readyz")).Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "not ready without NATS");
        var (_, body) = await Get(endPoint, "/readyz");
        Assert.Contains("cluster: Healthy (member is Up)\n", body);
        Assert.Contains("journal: Healthy (Sqlite journal answers)\n", body);
        Assert.Matches("nats: Unhealthy \\(NATS (Reconnecting|Closed)\\)\n", body);
    }
}
