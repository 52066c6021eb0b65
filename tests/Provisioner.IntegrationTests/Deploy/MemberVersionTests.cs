using Provisioner.Actors.Telemetry;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Deploy;

/// <summary>A running member names its build the same way to Akka, to Prometheus and to <c>provisioner --version</c>.</summary>
[Collection(NatsServerFixture.Collection)]
public sealed class MemberVersionTests(NatsServerFixture nats) : OnboardingWorldTest(nats)
{
    [Fact]
    public async Task Member_runs_with_the_builds_version_as_app_version_and_exports_build_info()
    {
        var metricsPort = FreePort.Next();
        var member = await World.StartMemberAsync($"metrics-port = {metricsPort}");

        Assert.Equal(BuildInfo.Current.Version, member.System.Settings.Config.GetString("akka.cluster.app-version"));
        Assert.Equal(BuildInfo.Current.Version, Akka.Cluster.Cluster.Get(member.System).SelfMember.AppVersion.Version);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Contains(
            $"choria_provisioner_build_info{{version=\"{BuildInfo.Current.Version}\",commit=\"{BuildInfo.Current.Commit}\"}} 1",
            metrics.Split('\n'));
    }
}
