using Provisioner.Host.Cli;
using Provisioner.Host.Members;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Security.Broker;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>
/// A member reaches a TLS broker (<c>provisioner broker init --tls</c>, self-signed) through
/// <c>provisioner.nats.tls.ca</c>: with the broker's certificate as its CA it starts; with another CA it is refused.
/// </summary>
public sealed class BrokerTlsTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("broker-tls-").FullName;
    private BrokerDirectory _broker = null!;
    private NatsServerProcess _server = null!;
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync()
    {
        var error = new StringWriter();
        var exit = await ProvisionerCli.RunAsync(["broker", "init", "--out", _root, "--tls", "--port", FreePort.Next().ToString()], new StringWriter(), error);
        if (exit != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"broker init failed ({exit}): {error}");
        }
        _broker = BrokerDirectory.Open(_root);
        _server = await NatsServerProcess.StartAsync(_broker.ConfigFile, port: _broker.ReadManifest().Port, jetStreamFlags: false);
        _world = new OnboardingWorld(_server.Url);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string Settings(string ca) => $"""
        nats.creds = "{_broker.ProvisionerCredsFile}"
        nats.tls.ca = "{ca}"
        """;

    [Fact]
    public async Task A_member_verifying_the_broker_with_its_certificate_connects_over_tls()
    {
        var member = await _world.StartMemberAsync(Settings(Path.Combine(_root, BrokerDirectory.TlsCertificateFileName)));

        Assert.Equal(_server.Url, member.Settings.Provisioner.Broker.DisplayUrl);
    }

    [Fact]
    public async Task A_member_whose_ca_did_not_sign_the_brokers_certificate_is_refused()
    {
        var e = await Assert.ThrowsAsync<MemberConfigurationException>(() => _world.StartMemberAsync(Settings(Path.Combine(_world.Dir, "ca", "ca.pem"))));

        Assert.StartsWith($"cannot connect to NATS at {_server.Url}: ", Assert.Single(e.Problems));
    }
}
