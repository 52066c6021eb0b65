using System.Text.Json;
using Provisioner.IntegrationTests.Cluster;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Logging;

/// <summary>
/// A real <c>provisioner member</c> with <c>--log-format json --log-file</c>: Akka's events and the member's own lines
/// land in the file as one JSON object a line, including the line for each provisioned node; stdout keeps only the
/// up and leaving notices.
/// </summary>
public sealed class MemberLogFileTests : IAsyncLifetime
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

    [Fact]
    public async Task Json_log_file_holds_akka_and_member_events_and_the_provisioned_node()
    {
        var logFile = Path.Combine(_world.Dir, "member.log");
        await using var member = await MemberProcess.StartAsync(
            ["--config", _world.WriteMemberConfig(), "--log-format", "json", "--log-file", logFile], "sqlite", _world.JournalConnection, []);

        var fleet = await _world.RunFleetAsync(1, "logged");
        Assert.Equal(1, fleet.Provisioned);
        await Eventually.TrueAsync(() => Task.FromResult(File.ReadAllText(logFile).Contains("provisioned by attempt 1")), TimeSpan.FromSeconds(30), "the provisioned line");
        await member.StopAsync();

        var events = File.ReadAllLines(logFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("logger").GetString()!.StartsWith("Akka.Cluster.", StringComparison.Ordinal) && e.GetProperty("level").GetString() == "info");
        Assert.Single(events, e => e.GetProperty("logger").GetString() == "Provisioner.Host.Members.MemberHost" && e.GetProperty("msg").GetString()!.StartsWith("member akka.tcp://provisioner@", StringComparison.Ordinal));
        var provisioned = Assert.Single(events, e => e.GetProperty("msg").GetString()!.Contains("provisioned by attempt 1"));
        Assert.Equal("info", provisioned.GetProperty("level").GetString());
        Assert.Contains("/system/sharding/", provisioned.GetProperty("source").GetString());
        Assert.DoesNotContain(OnboardingWorld.AgentToken, File.ReadAllText(logFile));
        Assert.All(member.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            line => Assert.Matches(@"^member akka\.tcp://provisioner@\S+ is (up \(Ctrl-C or SIGTERM to leave\)|leaving)$", line));
    }
}
