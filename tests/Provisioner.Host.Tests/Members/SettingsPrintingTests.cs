using Akka.Configuration;
using Provisioner.Host.Members;
using Xunit;

namespace Provisioner.Host.Tests.Members;

/// <summary>How the typed settings print (a log line, a debugger, an exception message): readable and without secrets.</summary>
public sealed class SettingsPrintingTests
{
    private static ProvisionerSettings Settings(string provisioner) =>
        MemberSettings.Resolve(new MemberFlags(), _ => null, ConfigurationFactory.ParseString($"provisioner {{ {provisioner} }}")).Provisioner;

    [Fact]
    public void Lists_maps_and_durations_print_their_values_not_their_type_names()
    {
        var text = Settings("""features = ["jwt", "pki"], step-timeout = 45s, node-settings { "plugin.choria.srv_domain" = "example.net" }""").ToString();

        Assert.Contains("features = [jwt, pki]", text);
        Assert.Contains("step-timeout = 45s", text);
        Assert.Contains("node-settings = { plugin.choria.srv_domain = example.net }", text);
        Assert.Contains("log = level info", text);
        Assert.DoesNotContain("System.", text);
    }

    [Fact]
    public void Node_settings_keep_their_dotted_choria_keys_and_values()
    {
        var settings = Settings("""node-settings { "plugin.choria.srv_domain" = "example.net", "plugin.choria.puppetserver_port" = 8140 }""");

        Assert.Equal(new Dictionary<string, string> { ["plugin.choria.srv_domain"] = "example.net", ["plugin.choria.puppetserver_port"] = "8140" }, settings.NodeSettings);
    }

    [Fact]
    public void The_agent_token_and_secret_node_settings_never_print()
    {
        var text = Settings("""
            token = "eyJhbGciOiJFZERTQSJ9.secret-claims.sig"
            node-settings { "plugin.choria.broker_password" = "hunter2", "plugin.security.choria.token_file" = "/etc/choria/token" }
            """).ToString();

        Assert.DoesNotContain("secret-claims", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("token = *****", text);
        Assert.Contains("plugin.choria.broker_password = *****", text);
        Assert.Contains("plugin.security.choria.token_file = /etc/choria/token", text);
    }

    [Fact]
    public void A_broker_password_given_in_the_environment_never_prints()
    {
        var settings = MemberSettings.Resolve(new MemberFlags(),
            name => name == ProvisionerVariables.NatsPassword ? "hunter2" : null,
            ConfigurationFactory.ParseString("""provisioner.nats.user = "provisioner" """));

        var text = settings.Provisioner.ToString();

        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("User = provisioner", text);
    }
}
