using Akka.Configuration;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Members;

public sealed class MemberSettingsTests
{
    private static readonly Config File = ConfigurationFactory.ParseString("""
        akka.remote.dot-netty.tcp.hostname = "file.example.net"
        akka.remote.dot-netty.tcp.port = 7003
        akka.cluster.seed-nodes = ["akka.tcp://provisioner@file.example.net:7003"]
        akka.persistence.journal.sql.connection-string = "Data Source=file.db"
        provisioner.nats.url = "nats://file:4222"
        """);

    private static readonly Dictionary<string, string> Environment = new()
    {
        [ProvisionerVariables.Hostname] = "env.example.net",
        [ProvisionerVariables.Port] = "7002",
        [ProvisionerVariables.Seeds] = "akka.tcp://provisioner@env.example.net:7002, akka.tcp://provisioner@env2.example.net:7002",
        [ProvisionerVariables.Connection] = "Data Source=env.db",
        [ProvisionerVariables.NatsUrl] = "nats://env:4222",
    };

    private static readonly MemberFlags Flags = new()
    {
        Hostname = "flag.example.net",
        Port = 7001,
        Seeds = ["akka.tcp://provisioner@flag.example.net:7001"],
        Connection = "Data Source=flag.db",
        NatsUrl = "nats://flag:4222",
    };

    private static MemberSettings Resolve(MemberFlags flags, IReadOnlyDictionary<string, string> environment, Config file) =>
        MemberSettings.Resolve(flags, name => environment.GetValueOrDefault(name), file);

    /// <summary>Every layered value came from <paramref name="layer"/> (flag, env or file), whose port is <paramref name="port"/>.</summary>
    private static void AssertFrom(string layer, int port, MemberSettings settings, params string[] moreSeeds)
    {
        Assert.Equal($"{layer}.example.net", settings.Cluster.Hostname);
        Assert.Equal(port, settings.Cluster.Port);
        Assert.Equal([$"akka.tcp://provisioner@{layer}.example.net:{port}", .. moreSeeds], settings.Cluster.SeedNodes);
        Assert.Equal($"Data Source={layer}.db", settings.Cluster.Journal.ConnectionString);
        Assert.Equal($"nats://{layer}:4222", settings.Provisioner.Broker.Url);
    }

    [Fact]
    public void Flags_beat_the_environment_and_the_file()
    {
        var settings = Resolve(Flags, Environment, File);

        AssertFrom("flag", 7001, settings);
    }

    [Fact]
    public void The_environment_beats_the_file()
    {
        var settings = Resolve(new MemberFlags(), Environment, File);

        AssertFrom("env", 7002, settings, "akka.tcp://provisioner@env2.example.net:7002");
    }

    [Fact]
    public void The_file_beats_the_defaults()
    {
        var settings = Resolve(new MemberFlags(), new Dictionary<string, string>(), File);

        AssertFrom("file", 7003, settings);
    }

    [Fact]
    public void Without_flags_environment_or_file_a_member_seeds_itself_on_the_defaults()
    {
        var settings = Resolve(new MemberFlags(), new Dictionary<string, string>(), Config.Empty);

        Assert.Equal("127.0.0.1", settings.Cluster.Hostname);
        Assert.Equal(4053, settings.Cluster.Port);
        Assert.Equal(["akka.tcp://provisioner@127.0.0.1:4053"], settings.Cluster.SeedNodes);
        Assert.Equal(new JournalStore(JournalDatabase.Sqlite, "Data Source=provisioner.db"), settings.Cluster.Journal);
        Assert.Equal("nats://127.0.0.1:4222", settings.Provisioner.Broker.Url);
        Assert.Equal("127.0.0.1:9110", settings.Provisioner.ConsoleBind);
        Assert.Equal(0, settings.Provisioner.MetricsPort);
    }

    [Fact]
    public void A_config_files_akka_port_no_longer_beats_the_port_flag()
    {
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, "akka.remote.dot-netty.tcp.port = 7003\nprovisioner.metrics-port = 9300\n");
            var settings = MemberSettings.Resolve(new MemberFlags { ConfigFiles = [path], Port = 7001, MetricsPort = 9301 }, _ => null);

            var akka = ProvisionerConfig.Load(settings.Cluster);
            Assert.Equal(7001, akka.GetInt("akka.remote.dot-netty.tcp.port"));
            Assert.Equal(["akka.tcp://provisioner@127.0.0.1:7001"], akka.GetStringList("akka.cluster.seed-nodes"));
            Assert.Equal(9301, settings.Provisioner.MetricsPort);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Later_config_files_win_and_the_akka_configuration_keeps_what_the_files_set()
    {
        var first = Path.GetTempFileName();
        var second = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(first, "provisioner.site = first\nakka.cluster.split-brain-resolver.stable-after = 7s\n");
            System.IO.File.WriteAllText(second, "provisioner.site = second\n");
            var settings = MemberSettings.Resolve(new MemberFlags { ConfigFiles = [first, second] }, _ => null);

            Assert.Equal("second", settings.Provisioner.Site);
            Assert.Equal(TimeSpan.FromSeconds(7), ProvisionerConfig.Load(settings.Cluster).GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        }
        finally
        {
            System.IO.File.Delete(first);
            System.IO.File.Delete(second);
        }
    }

    [Fact]
    public void A_missing_config_file_is_named()
    {
        var e = Assert.Throws<MemberConfigurationException>(() => MemberSettings.Resolve(new MemberFlags { ConfigFiles = ["/nonexistent/member.conf"] }, _ => null));
        Assert.Equal(["--config: /nonexistent/member.conf does not exist"], e.Problems);
    }

    [Fact]
    public void Console_settings_reach_the_endpoint_and_trust_loopback_unless_turned_off()
    {
        var bind = System.Net.IPEndPoint.Parse("127.0.0.1:9110");
        var defaults = Resolve(new MemberFlags(), new Dictionary<string, string>(), Config.Empty).Provisioner.ConsoleEndpointOptions(bind);
        Assert.True(defaults.TrustLoopback);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.RequestLineTimeout);
        Assert.Equal(8, defaults.MaxConnectionsPerAddress);

        var file = ConfigurationFactory.ParseString("""
            provisioner.console { trust-loopback = off, request-line-timeout = 3s, max-connections-per-address = 2 }
            """);
        var fromFile = Resolve(new MemberFlags(), new Dictionary<string, string>(), file).Provisioner.ConsoleEndpointOptions(bind);
        Assert.False(fromFile.TrustLoopback);
        Assert.Equal(TimeSpan.FromSeconds(3), fromFile.RequestLineTimeout);
        Assert.Equal(2, fromFile.MaxConnectionsPerAddress);

        var environment = new Dictionary<string, string> { [ProvisionerVariables.ConsoleTrustLoopback] = "on" };
        Assert.True(Resolve(new MemberFlags(), environment, file).Provisioner.ConsoleEndpointOptions(bind).TrustLoopback);
        environment[ProvisionerVariables.ConsoleTrustLoopback] = "off";
        Assert.False(Resolve(new MemberFlags(), environment, Config.Empty).Provisioner.ConsoleEndpointOptions(bind).TrustLoopback);
    }

    [Fact]
    public void Token_expiry_is_not_required_by_default_and_the_file_or_the_variable_turns_it_on_the_variable_winning()
    {
        Assert.False(Resolve(new MemberFlags(), new Dictionary<string, string>(), Config.Empty).Provisioner.RequireTokenExpiry);

        var file = ConfigurationFactory.ParseString("provisioner.require-token-expiry = on");
        Assert.True(Resolve(new MemberFlags(), new Dictionary<string, string>(), file).Provisioner.RequireTokenExpiry);

        var environment = new Dictionary<string, string> { [ProvisionerVariables.RequireTokenExpiry] = "off" };
        Assert.False(Resolve(new MemberFlags(), environment, file).Provisioner.RequireTokenExpiry);
        environment[ProvisionerVariables.RequireTokenExpiry] = "on";
        Assert.True(Resolve(new MemberFlags(), environment, Config.Empty).Provisioner.RequireTokenExpiry);
        Assert.Equal("PROVISIONER_REQUIRE_TOKEN_EXPIRY", ProvisionerVariables.RequireTokenExpiry);
    }

    [Fact]
    public void A_require_token_expiry_variable_that_is_not_on_or_off_is_refused()
    {
        var e = Assert.Throws<MemberConfigurationException>(() =>
            Resolve(new MemberFlags(), new Dictionary<string, string> { [ProvisionerVariables.RequireTokenExpiry] = "yes please" }, Config.Empty));
        Assert.Equal(["PROVISIONER_REQUIRE_TOKEN_EXPIRY 'yes please' is not on or off"], e.Problems);
    }

    [Fact]
    public void A_trust_loopback_variable_that_is_not_on_or_off_is_refused()
    {
        var e = Assert.Throws<MemberConfigurationException>(() =>
            Resolve(new MemberFlags(), new Dictionary<string, string> { [ProvisionerVariables.ConsoleTrustLoopback] = "maybe" }, Config.Empty));
        Assert.Equal(["PROVISIONER_CONSOLE_TRUST_LOOPBACK 'maybe' is not on or off"], e.Problems);
    }

    [Theory]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("many")]
    public void A_port_that_is_not_a_port_number_is_refused(string port)
    {
        var e = Assert.Throws<MemberConfigurationException>(() => Resolve(new MemberFlags(), new Dictionary<string, string> { [ProvisionerVariables.Port] = port }, Config.Empty));
        Assert.Equal([$"cluster port '{port}' is not a port number"], e.Problems);
    }
}
