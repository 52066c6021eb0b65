using System.Net;
using Provisioner.Host.Members;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Security.Pki;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>
/// A broker that verifies client certificates (<c>tls { verify: true }</c>) admits a member presenting
/// <c>provisioner.nats.tls { cert, key }</c> from the broker's CA, and refuses one that presents none.
/// </summary>
public sealed class BrokerClientCertificateTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("broker-client-cert-").FullName;
    private NatsServerProcess _server = null!;
    private OnboardingWorld _world = null!;

    private string File(string name) => Path.Combine(_root, name);

    public async Task InitializeAsync()
    {
        using var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, "Broker CA");
        System.IO.File.WriteAllText(File("ca.pem"), ca.CertificatePem);
        Write("server", ca.IssueMember("broker", ["localhost"], [IPAddress.Loopback], TimeSpan.FromDays(1)));
        Write("member", ca.IssueMember("provisioner", ["provisioner"], [], TimeSpan.FromDays(1)));
        var port = FreePort.Next();
        System.IO.File.WriteAllText(File("nats.conf"), $$"""
            listen: "127.0.0.1:{{port}}"
            tls {
              cert_file: "{{File("server.pem")}}"
              key_file: "{{File("server.key")}}"
              ca_file: "{{File("ca.pem")}}"
              verify: true
              timeout: 2
            }
            """);
        _server = await NatsServerProcess.StartAsync(File("nats.conf"), port: port, jetStreamFlags: false);
        _world = new OnboardingWorld(_server.Url);
    }

    private void Write(string name, MemberCertificate certificate)
    {
        System.IO.File.WriteAllText(File(name + ".pem"), certificate.CertificatePem);
        System.IO.File.WriteAllText(File(name + ".key"), certificate.PrivateKeyPem);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_member_presenting_its_client_certificate_connects()
    {
        var member = await _world.StartMemberAsync($"""
            nats.tls.ca = "{File("ca.pem")}"
            nats.tls.cert = "{File("member.pem")}"
            nats.tls.key = "{File("member.key")}"
            """);

        Assert.Equal(_server.Url, member.Settings.Provisioner.Broker.DisplayUrl);
    }

    [Fact]
    public async Task A_member_without_a_client_certificate_is_refused()
    {
        var e = await Assert.ThrowsAsync<MemberConfigurationException>(() => _world.StartMemberAsync($"""nats.tls.ca = "{File("ca.pem")}" """));

        Assert.StartsWith($"cannot connect to NATS at {_server.Url}: ", Assert.Single(e.Problems));
    }
}
