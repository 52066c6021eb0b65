using Provisioner.Actors.Nodes;
using Provisioner.Host.Broker;
using Provisioner.Host.Members;
using Provisioner.Host.Members.Choria;
using Xunit;

namespace Provisioner.Host.Tests.Members.Choria;

/// <summary>Each key of Choria's provisioner YAML lands on the typed setting with Choria's meaning.</summary>
public sealed class ChoriaProvisionerYamlTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("choria-yaml-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private ProvisionerSettings Resolve(string yaml, MemberFlags? flags = null, Func<string, string?>? environment = null) =>
        MemberSettings.Resolve((flags ?? new MemberFlags()) with { ChoriaConfig = Write("provisioner.yaml", yaml) }, environment ?? (_ => null)).Provisioner;

    [Fact]
    public void Workers_bound_the_machines_in_flight() => Assert.Equal(4, Resolve("workers: 4").MaxInFlight);

    [Fact]
    public void Workers_bound_the_helpers_running() => Assert.Equal(4, Resolve("workers: 4").HelperConcurrency);

    [Fact]
    public void Zero_workers_mean_one_per_cpu_as_in_choria() => Assert.Equal(Environment.ProcessorCount, Resolve("workers: 0").MaxInFlight);

    [Fact]
    public void Interval_is_the_discovery_interval() => Assert.Equal(TimeSpan.FromMinutes(5), Resolve("interval: 5m").DiscoveryInterval);

    [Fact]
    public void Interval_takes_choria_day_units() => Assert.Equal(TimeSpan.FromDays(1), Resolve("interval: 1d").DiscoveryInterval);

    [Fact]
    public void Helper_is_the_helper_command() => Assert.Equal("/etc/choria-provisioner/helper.rb --site x", Resolve("helper: /etc/choria-provisioner/helper.rb --site x").Helper);

    [Fact]
    public void Token_is_the_agent_token() => Assert.Equal("s3cret", Resolve("token: s3cret").Token);

    [Fact]
    public void Site_is_the_metrics_label() => Assert.Equal("testing", Resolve("site: testing").Site);

    [Fact]
    public void Monitor_port_is_the_metrics_port() => Assert.Equal(8080, Resolve("monitor_port: 8080").MetricsPort);

    [Fact]
    public void Broker_provisioning_password_logs_in_as_user_provisioner() =>
        Assert.Equal(BrokerCredentials.UserPassword("provisioner", "br0ker"), Resolve("broker_provisioning_password: br0ker").Broker.Credentials);

    [Fact]
    public void Broker_provisioning_password_never_shows_in_the_settings_text() =>
        Assert.DoesNotContain("br0ker", Resolve("broker_provisioning_password: br0ker").ToString());

    [Fact]
    public void Jwt_verify_cert_is_the_provisioning_token_key() =>
        Assert.Equal("e72cba5268b34627b75c5ceae9449ad16d62f15f862c30d4e0e7d2588e2e6259", Resolve("jwt_verify_cert: e72cba5268b34627b75c5ceae9449ad16d62f15f862c30d4e0e7d2588e2e6259").JwtVerifyKey);

    [Fact]
    public void Jwt_signing_key_signs_server_jwts() => Assert.Equal("/etc/choria-provisioner/signer.seed", Resolve("jwt_signing_key: /etc/choria-provisioner/signer.seed").ServerJwtSigningKey);

    [Fact]
    public void Jwt_signing_token_issues_server_jwts_through_the_chain() =>
        Assert.Equal("/etc/choria-provisioner/signer.jwt", Resolve("jwt_signing_token: /etc/choria-provisioner/signer.jwt").ServerJwtSigningToken);

    [Fact]
    public void Server_jwt_validity_takes_choria_year_units() => Assert.Equal(TimeSpan.FromDays(730), Resolve("server_jwt_validity: 2y").ServerJwtValidity);

    [Fact]
    public void Cert_deny_list_replaces_the_default_list() => Assert.Equal(["\\.evil$", "/^root\\./"], Resolve("cert_deny_list:\n  - '\\.evil$'\n  - '/^root\\./'").CertDenyList);

    [Fact]
    public void An_empty_cert_deny_list_keeps_choria_default_list() =>
        Assert.Equal(["\\.privileged.mcollective$", "\\.privileged.choria$", "\\.mcollective$", "\\.choria$"], Resolve("cert_deny_list: []").CertDenyList);

    [Fact]
    public void Lifecycle_component_is_the_startup_event_component() => Assert.Equal("acme_provision", Resolve("lifecycle_component: acme_provision").LifecycleComponent);

    [Fact]
    public void An_empty_lifecycle_component_keeps_choria_default() => Assert.Equal("provision_mode_server", Resolve("lifecycle_component: ''").LifecycleComponent);

    [Theory]
    [InlineData("debug", Microsoft.Extensions.Logging.LogLevel.Debug)]
    [InlineData("info", Microsoft.Extensions.Logging.LogLevel.Information)]
    [InlineData("warn", Microsoft.Extensions.Logging.LogLevel.Warning)]
    [InlineData("error", Microsoft.Extensions.Logging.LogLevel.Error)]
    [InlineData("fatal", Microsoft.Extensions.Logging.LogLevel.Critical)]
    public void Loglevel_is_the_log_level(string word, Microsoft.Extensions.Logging.LogLevel level) =>
        Assert.Equal(level, Resolve($"loglevel: {word}").Log.Level);

    [Fact]
    public void Logfile_is_the_log_file() => Assert.Equal("/var/log/choria-provisioner.log", Resolve("logfile: /var/log/choria-provisioner.log").Log.File);

    [Fact]
    public void The_log_level_flag_beats_the_choria_loglevel() =>
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, Resolve("loglevel: debug", new MemberFlags { LogLevel = "error" }).Log.Level);

    [Theory]
    [InlineData("logfile: /dev/stdout")]
    [InlineData("loglevel: info")]
    [InlineData("jwt_signing_token: ''")]
    [InlineData("upgrades_repository: ''")]
    [InlineData("upgrades_optional: false")]
    [InlineData("leader_election: true")]
    [InlineData("leader_election: false")]
    [InlineData("choria_insecure: true")]
    [InlineData("choria_insecure: false")]
    [InlineData("broker_port: 4222")]
    [InlineData("rego_policy: /etc/choria-provisioner/policy.rego")]
    [InlineData("features:\n  upgrades: false")]
    [InlineData("features:\n  jwt: false\n  pki: false\n  ed25519: false")]
    [InlineData("features:")]
    public void Settings_whose_value_is_how_the_provisioner_behaves_change_nothing(string yaml)
    {
        var (plain, set) = (Resolve(""), Resolve(yaml));

        Assert.Equal(plain.ToString(), set.ToString());
        Assert.Equal(plain.Features, set.Features);
    }

    [Fact]
    public void A_file_without_features_runs_none_of_the_optional_steps_as_choria_defaults_do() =>
        Assert.Equal(new ProvisioningFeatures(Jwt: false, Pki: false, Ed25519: false), Resolve("workers: 4").EnabledFeatures());

    [Fact]
    public void An_empty_file_also_means_choria_default_features() =>
        Assert.Empty(Resolve("").Features);

    [Fact]
    public void Features_jwt_fetches_and_verifies_the_token_only() =>
        Assert.Equal(new ProvisioningFeatures(Jwt: true, Pki: false, Ed25519: false), Resolve("features:\n  jwt: true").EnabledFeatures());

    [Fact]
    public void Features_pki_takes_the_csr_only() =>
        Assert.Equal(new ProvisioningFeatures(Jwt: false, Pki: true, Ed25519: false), Resolve("features:\n  pki: true").EnabledFeatures());

    [Fact]
    public void Features_pki_with_jwt_runs_both() =>
        Assert.Equal(new ProvisioningFeatures(Jwt: true, Pki: true, Ed25519: false), Resolve("features:\n  jwt: true\n  pki: true\n  upgrades: false").EnabledFeatures());

    [Fact]
    public void Features_ed25519_turns_jwt_on_as_choria_does() =>
        Assert.Equal(new ProvisioningFeatures(Jwt: true, Pki: false, Ed25519: true), Resolve("features:\n  ed25519: true").EnabledFeatures());

    [Fact]
    public void Features_false_leaves_a_step_off() =>
        Assert.Equal(new ProvisioningFeatures(Jwt: false, Pki: true, Ed25519: false), Resolve("features:\n  jwt: false\n  pki: yes\n  ed25519: off").EnabledFeatures());

    [Fact]
    public void Features_of_the_yaml_replace_the_hocon_features_and_our_pki_with_ed25519_extension()
    {
        var hocon = Write("member.conf", "provisioner.features = [jwt, pki, ed25519]\nprovisioner.pki-with-ed25519 = on\n");

        var settings = Resolve("features:\n  pki: true", new MemberFlags { ConfigFiles = [hocon] });

        Assert.Equal(["pki"], settings.Features);
        Assert.False(settings.PkiWithEd25519);
    }

    [Fact]
    public void Without_a_choria_file_our_default_profile_stays() =>
        Assert.Equal(ProvisioningFeatures.Ours, MemberSettings.Resolve(new MemberFlags(), _ => null).Provisioner.EnabledFeatures());

    [Fact]
    public void Middleware_hosts_of_the_choria_client_config_are_the_broker()
    {
        var client = Write("client.conf", "# the broker\nplugin.choria.middleware_hosts = broker1.example.net:4222, tls://broker2.example.net:4223\n");

        var settings = Resolve("", new MemberFlags { ChoriaClientConfig = client });

        Assert.Equal("nats://broker1.example.net:4222,tls://broker2.example.net:4223", settings.Broker.Url);
    }

    [Fact]
    public void A_choria_client_config_without_middleware_hosts_keeps_the_broker_url() =>
        Assert.Equal("nats://127.0.0.1:4222", Resolve("", new MemberFlags { ChoriaClientConfig = Write("client.conf", "identity = provisioner\n") }).Broker.Url);

    [Fact]
    public void The_nats_flag_beats_the_middleware_hosts()
    {
        var client = Write("client.conf", "plugin.choria.middleware_hosts = broker1.example.net:4222\n");

        Assert.Equal("nats://flag:4222", Resolve("", new MemberFlags { ChoriaClientConfig = client, NatsUrl = "nats://flag:4222" }).Broker.Url);
    }

    [Fact]
    public void The_metrics_port_flag_beats_monitor_port() => Assert.Equal(9301, Resolve("monitor_port: 8080", new MemberFlags { MetricsPort = 9301 }).MetricsPort);

    [Fact]
    public void The_password_variable_beats_broker_provisioning_password() =>
        Assert.Equal("from-env", Resolve("broker_provisioning_password: br0ker", environment: n => n == ProvisionerVariables.NatsPassword ? "from-env" : null).Broker.Credentials.Password);

    [Fact]
    public void The_yaml_beats_the_config_files()
    {
        var hocon = Write("member.conf", "provisioner.site = hocon\nprovisioner.token = hocon-token\n");

        var settings = Resolve("site: yaml", new MemberFlags { ConfigFiles = [hocon] });

        Assert.Equal(("yaml", "hocon-token"), (settings.Site, settings.Token));
    }
}
