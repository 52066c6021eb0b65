using Akka.Configuration;
using Provisioner.Actors.Cluster;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Members;

public sealed class ClusterTlsSettingsTests
{
    private static readonly Config File = ConfigurationFactory.ParseString("""
        provisioner.cluster.tls { cert = "file.pem", key = "file.key", ca = "file-ca.pem" }
        """);

    private static MemberSettings Resolve(MemberFlags flags, Dictionary<string, string> environment, Config file) =>
        MemberSettings.Resolve(flags, name => environment.GetValueOrDefault(name), file);

    [Fact]
    public void Each_tls_file_comes_from_its_flag_then_its_variable_then_the_file()
    {
        var settings = Resolve(
            new MemberFlags { ClusterTlsCert = "flag.pem" },
            new() { [ProvisionerVariables.ClusterTlsCert] = "env.pem", [ProvisionerVariables.ClusterTlsKey] = "env.key" },
            File);

        Assert.Equal(new ClusterTlsFiles("flag.pem", "env.key", "file-ca.pem"), settings.Cluster.Tls);
    }

    [Fact]
    public void With_tls_a_member_seeds_itself_on_its_tls_address()
    {
        var settings = Resolve(new MemberFlags(), [], File);

        Assert.Equal(["akka.ssl.tcp://provisioner@127.0.0.1:4053"], settings.Cluster.SeedNodes);
    }

    [Fact]
    public void Without_tls_settings_remoting_stays_plain()
    {
        var settings = Resolve(new MemberFlags(), [], Config.Empty);

        Assert.Null(settings.Cluster.Tls);
        Assert.Equal(["akka.tcp://provisioner@127.0.0.1:4053"], settings.Cluster.SeedNodes);
    }

    [Fact]
    public void Tls_turns_on_akka_remote_ssl_in_the_configuration()
    {
        var settings = Resolve(new MemberFlags(), [], File);

        Assert.True(ProvisionerConfig.Load(settings.Cluster).GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.False(ProvisionerConfig.Load(Resolve(new MemberFlags(), [], Config.Empty).Cluster).GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
    }
}
