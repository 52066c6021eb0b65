using NATS.Client.Core;
using Provisioner.Host.Cli;
using Provisioner.Security.Broker;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

public sealed class BrokerInitCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("broker-init-").FullName;

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ProvisionerCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Init_writes_every_secret_readable_by_its_owner_only()
    {
        var (exit, output, _) = await RunAsync("broker", "init", "--out", _root);

        Assert.Equal(ExitCodes.Ok, exit);
        foreach (var secret in new[]
        {
            BrokerDirectory.OperatorSeedFileName, BrokerDirectory.SystemAccountSeedFileName, BrokerDirectory.ProvisioningAccountSeedFileName,
            BrokerDirectory.ProvisioningSigningSeedFileName, BrokerDirectory.FleetAccountSeedFileName, BrokerDirectory.FleetSigningSeedFileName,
            BrokerDirectory.ProvisionerCredsFileName, BrokerDirectory.ProvisioningModeJwtFileName,
        })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, secret)));
        }
        var seeds = Directory.GetFiles(_root, "*.nk").Select(f => File.ReadAllText(f).Trim()).ToList();
        Assert.All(seeds, seed => Assert.DoesNotContain(seed, output, StringComparison.Ordinal));
        Assert.DoesNotContain(BrokerDirectory.Open(_root).ReadProvisioningModeJwt(), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_refuses_to_overwrite_an_existing_broker()
    {
        await RunAsync("broker", "init", "--out", _root);
        var seed = await File.ReadAllTextAsync(Path.Combine(_root, BrokerDirectory.FleetSigningSeedFileName));

        var (exit, _, error) = await RunAsync("broker", "init", "--out", _root);

        Assert.Equal(ExitCodes.UsageOrIo, exit);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.Equal(seed, await File.ReadAllTextAsync(Path.Combine(_root, BrokerDirectory.FleetSigningSeedFileName)));
    }

    [Fact]
    public async Task Init_rejects_a_provisioner_network_that_is_not_a_cidr()
    {
        var (exit, _, error) = await RunAsync("broker", "init", "--out", _root, "--provisioner-cidr", "localhost");

        Assert.Equal(ExitCodes.UsageOrIo, exit);
        Assert.Contains("--provisioner-cidr", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, BrokerDirectory.ConfigFileName)));
    }

    [Fact]
    public async Task Init_with_tls_gives_a_broker_that_machines_reach_over_tls()
    {
        var (exit, _, error) = await RunAsync("broker", "init", "--out", _root, "--tls", "--port", "4333");
        Assert.True(exit == ExitCodes.Ok, error);
        var broker = BrokerDirectory.Open(_root);
        await using var server = await NatsServerProcess.StartAsync(broker.ConfigFile, jetStreamFlags: false);
        var anonymousTls = new NatsTlsOpts { Mode = TlsMode.Require, InsecureSkipVerify = true };

        await using var machine = await BrokerConnection.ConnectAsync(server.Url, new NatsAuthOpts { Jwt = broker.ReadProvisioningModeJwt() }, anonymousTls);
        await machine.Connection.PingAsync();

        Assert.True(broker.ReadManifest().Tls);
        Assert.Equal(NatsConnectionState.Open, machine.Connection.ConnectionState);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
