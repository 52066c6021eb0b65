using Provisioner.IntegrationTests.Cluster;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Monitoring;

/// <summary>
/// A member process's <c>/metrics</c> carries the .NET runtime's meter and none of the meters that record per
/// operation (here ASP.NET Core's, which every scrape itself feeds, and the QUIC library's).
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class ExportedMetersTests(NatsServerFixture nats) : IAsyncLifetime
{
    private OnboardingWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new OnboardingWorld(nats.Url);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Metrics_hold_the_runtimes_meter_and_not_the_per_request_meters()
    {
        var metricsPort = FreePort.Next();
        await using var member = await MemberProcess.StartAsync(_world.WriteMemberConfig($"metrics-port = {metricsPort}"), "sqlite", _world.JournalConnection, []);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // The adapter starts at the first scrape; the scrapes after it are requests its meters would have seen.
        var metrics = "";
        for (var scrape = 0; scrape < 3; scrape++)
        {
            metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        }

        var names = metrics.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('{', ' ')[0]).ToHashSet();
        Assert.Contains("choria_provisioner_build_info", names);
        // The adapter names a series after its meter: System.Runtime's start system_runtime_.
        Assert.Contains(names, n => n.StartsWith("system_runtime_dotnet_gc_", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("microsoft_aspnetcore_", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("private_internaldiagnostics_", StringComparison.Ordinal));
    }
}
