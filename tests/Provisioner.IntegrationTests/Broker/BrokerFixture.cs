using NATS.NKeys;
using Provisioner.Host.Cli;
using Provisioner.Security.Broker;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>A broker made by <c>provisioner broker init</c> and a real nats-server running its config, shared by a test class.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private NatsServerProcess? _server;

    public string Root { get; } = Directory.CreateTempSubdirectory("broker-test-").FullName;
    public BrokerDirectory Broker { get; private set; } = null!;
    public BrokerManifest Manifest { get; private set; } = null!;
    public NatsServerProcess Server => _server ?? throw new InvalidOperationException("broker not started");
    public string Url => Server.Url;

    public async Task InitializeAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ProvisionerCli.RunAsync(["broker", "init", "--out", Root], output, error);
        if (exit != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"broker init failed ({exit}): {error}");
        }
        Broker = BrokerDirectory.Open(Root);
        Manifest = Broker.ReadManifest();
        _server = await NatsServerProcess.StartAsync(Broker.ConfigFile, jetStreamFlags: false);
    }

    /// <summary>Mints a fleet machine JWT with the broker's own fleet signing key.</summary>
    public string IssueMachineJwt(TestMachine machine, IReadOnlyList<string>? collectives = null, ServerPermissionFlags? flags = null, DateTimeOffset? issuedAt = null, DateTimeOffset? expires = null)
    {
        using var signer = Broker.ReadSeed(BrokerDirectory.FleetSigningSeedFileName);
        var issuer = new MachineCredentialIssuer(Manifest.FleetAccount, signer);
        var now = issuedAt ?? DateTimeOffset.UtcNow;
        return issuer.Issue(machine.Request(collectives ?? ["choria"], flags ?? ServerPermissionFlags.None), now, expires ?? now.AddHours(1));
    }

    /// <summary>A fleet-account user with no subject limits, to watch what reaches the fleet account.</summary>
    public NatsCredentials FleetObserver()
    {
        using var signer = Broker.ReadSeed(BrokerDirectory.FleetSigningSeedFileName);
        using var user = KeyPair.CreatePair(PrefixByte.User);
        var now = DateTimeOffset.UtcNow;
        var claims = new NatsUserClaims("observer", now.ToUnixTimeSeconds(), now.AddHours(1).ToUnixTimeSeconds(), signer.GetPublicKey(), "observer",
            user.GetPublicKey(), new NatsUser(null, null, null, null, Manifest.FleetAccount));
        return new NatsCredentials(NatsJwt.Sign(claims, signer), user.GetSeed());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
