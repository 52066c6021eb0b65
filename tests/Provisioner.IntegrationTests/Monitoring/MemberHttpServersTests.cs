using Provisioner.IntegrationTests.Aaa;
using Provisioner.IntegrationTests.Cluster;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Monitoring;

/// <summary>
/// What a member process's HTTP servers cost besides their answers: <c>/metrics</c> carries the .NET runtime's meter
/// and none of the meters that record per operation (ASP.NET Core's, which every scrape itself feeds, and the QUIC
/// library's), and no server watches files: none reloads configuration, so nothing follows the working directory,
/// where a SQLite journal is written all the time.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class MemberHttpServersTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    [Fact]
    public async Task Metrics_hold_the_runtimes_meter_and_not_the_per_request_meters()
    {
        var metricsPort = FreePort.Next();
        await using var member = await MemberProcess.StartAsync(World.WriteMemberConfig($"metrics-port = {metricsPort}"), "sqlite", World.JournalConnection, []);
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

    // Each FileSystemWatcher on Linux holds an inotify instance: an anon_inode:inotify descriptor of the process.
    private static int InotifyInstances(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == "anon_inode:inotify");

    [Fact]
    public async Task A_member_serving_metrics_its_web_view_and_aaa_holds_no_file_watch()
    {
        var ports = FreePort.Distinct(2);
        var aaa = new AaaSetup(World.Dir, port: ports[1]);
        var config = World.WriteMemberConfig($"metrics-port = {ports[0]}\n{aaa.MemberSetting}");
        await using var member = await MemberProcess.StartAsync(config, "sqlite", World.JournalConnection, []);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("choria_provisioner_", await http.GetStringAsync($"http://127.0.0.1:{ports[0]}/metrics"));
        Assert.False(string.IsNullOrEmpty(await http.GetStringAsync(member.WebUrl)));
        // AAA answers every request with 200 and says in the body why a login without credentials failed.
        using var login = await http.PostAsync($"http://127.0.0.1:{ports[1]}/choria/v1/login", new StringContent("{}"));
        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);

        Assert.Equal(0, InotifyInstances(member.Pid));
    }
}
