using Akka.Util;
using Prometheus;
using Provisioner.Actors.Telemetry;
using Xunit;

namespace Provisioner.Actors.Tests.Telemetry;

public sealed class BuildInfoTests
{
    [Theory]
    [InlineData("0.0.0+180-9185f84", "9185f84")]
    [InlineData("0.0.0+180-9185f84-dirty", "9185f84-dirty")]
    [InlineData("1.4.2+0-abc1234", "abc1234")]
    [InlineData("1.4.2+abc1234", "abc1234")]
    [InlineData("0.0.0-dev", BuildInfo.UnknownCommit)]
    [InlineData("1.4.2+", BuildInfo.UnknownCommit)]
    public void Commit_is_the_hash_in_the_build_metadata(string informational, string commit)
    {
        var build = BuildInfo.Parse(informational);

        Assert.Equal(informational, build.Version);
        Assert.Equal(commit, build.Commit);
    }

    [Fact]
    public void This_build_carries_a_version_from_git_or_the_no_git_fallback_never_the_sdk_default()
    {
        Assert.NotEqual("1.0.0", BuildInfo.Current.Version);
        Assert.Matches(@"^\d+\.\d+\.\d+(\+\d+-[0-9a-f]+(-dirty)?|-dev)$", BuildInfo.Current.Version);
    }

    [Theory]
    [InlineData("0.0.0+180-9185f84", "0.0.0+181-0a1b2c3")]
    [InlineData("0.0.0-dev", "0.0.0+1-0a1b2c3")]
    [InlineData("0.0.0+999-9185f84", "1.4.2+0-abc1234")]
    [InlineData("1.4.2+0-abc1234", "1.4.2+3-0a1b2c3-dirty")]
    [InlineData("1.4.2+12-abc1234", "1.5.0+0-0a1b2c3")]
    public void Akka_orders_each_form_the_build_stamps_by_release_then_commits_since_it(string older, string newer)
    {
        Assert.True(AppVersion.Create(older).CompareTo(AppVersion.Create(newer)) < 0, $"{older} < {newer}");
        Assert.True(AppVersion.Create(newer).CompareTo(AppVersion.Create(older)) > 0, $"{newer} > {older}");
    }

    [Fact]
    public async Task Build_info_metric_is_one_with_the_version_and_commit_labels()
    {
        ProvisionerMetrics.PublishBuildInfo(BuildInfo.Current);

        using var text = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        var exported = System.Text.Encoding.UTF8.GetString(text.ToArray());

        Assert.Contains(
            $"choria_provisioner_build_info{{version=\"{BuildInfo.Current.Version}\",commit=\"{BuildInfo.Current.Commit}\"}} 1",
            exported.Split('\n'));
    }
}
