using Akka.Configuration;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Telemetry;
using Xunit;

namespace Provisioner.Actors.Tests.Cluster;

public sealed class ProvisionerConfigTests
{
    [Fact]
    public void Typed_values_beat_the_operators_hocon_and_arrive_intact()
    {
        const string connection = "Data Source=/tmp/a \"quoted\" \\ dir/journal.db";
        var overrides = ConfigurationFactory.ParseString("""
            akka.remote.dot-netty.tcp.port = 9999
            akka.cluster.seed-nodes = ["akka.tcp://provisioner@elsewhere:9999"]
            akka.persistence.journal.sql.connection-string = "Data Source=other.db"
            akka.cluster.split-brain-resolver.stable-after = 9s
            """);
        var options = new ClusterOptions("host \"one\"", 4100, ["akka.tcp://provisioner@a:1", "akka.tcp://provisioner@b:2"],
            new JournalStore(JournalDatabase.Sqlite, connection), Overrides: overrides);

        var config = ProvisionerConfig.Load(options);

        Assert.Equal("host \"one\"", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4100, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://provisioner@a:1", "akka.tcp://provisioner@b:2"], config.GetStringList("akka.cluster.seed-nodes"));
        foreach (var plugin in new[] { JournalPlugins.Journal, JournalPlugins.SnapshotStore, JournalPlugins.Query })
        {
            Assert.Equal(connection, config.GetString($"{plugin}.connection-string"));
        }
        Assert.Equal(TimeSpan.FromSeconds(9), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal("SQLite.MS", config.GetString($"{JournalPlugins.Journal}.provider-name"));
    }

    [Fact]
    public void App_version_is_the_builds_version_whatever_the_operators_hocon_says()
    {
        var overrides = ConfigurationFactory.ParseString("akka.cluster.app-version = \"9.9.9\"");
        var options = new ClusterOptions("127.0.0.1", 0, [], new JournalStore(JournalDatabase.Sqlite, "Data Source=:memory:"), Overrides: overrides);

        Assert.Equal(BuildInfo.Current.Version, ProvisionerConfig.Load(options).GetString("akka.cluster.app-version"));
    }
}
