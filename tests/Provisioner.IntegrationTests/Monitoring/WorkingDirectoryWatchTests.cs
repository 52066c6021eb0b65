using Provisioner.IntegrationTests.Aaa;
using Provisioner.IntegrationTests.Cluster;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Monitoring;

/// <summary>
/// A member process with its metrics port, web view and AAA service open watches no files: its HTTP servers reload no configuration,
/// so nothing follows the working directory, where a SQLite journal is written all the time.
/// </summary>
[Collection(NatsServerFixture.Collection)]
public sealed class WorkingDirectoryWatchTests(NatsServerFixture nats) : IAsyncLifetime
{
    private OnboardingWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new OnboardingWorld(nats.Url);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // Each FileSystemWatcher on Linux holds an inotify instance: an anon_inode:inotify descriptor of the process.
    private static int InotifyInstances(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == "anon_inode:inotify");

    [Fact]
    public async Task A_member_serving_metrics_its_web_view_and_aaa_holds_no_file_watch()
    {
        var ports = FreePort.Distinct(2);
        var aaa = new AaaSetup(_world.Dir, port: ports[1]);
        var config = _world.WriteMemberConfig($"metrics-port = {ports[0]}\n{aaa.MemberSetting}");
        await using var member = await MemberProcess.StartAsync(config, "sqlite", _world.JournalConnection, []);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("choria_provisioner_", await http.GetStringAsync($"http://127.0.0.1:{ports[0]}/metrics"));
        Assert.False(string.IsNullOrEmpty(await http.GetStringAsync(member.WebUrl)));
        // AAA answers every request with 200 and says in the body why a login without credentials failed.
        using var login = await http.PostAsync($"http://127.0.0.1:{ports[1]}/choria/v1/login", new StringContent("{}"));
        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);

        Assert.Equal(0, InotifyInstances(member.Pid));
    }
}
