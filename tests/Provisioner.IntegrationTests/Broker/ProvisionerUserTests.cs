using NATS.Client.Core;
using NATS.NKeys;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

[Collection(BrokerCollection.Name)]
public sealed class ProvisionerUserTests(BrokerFixture broker)
{
    [Fact]
    public async Task Provisioner_with_its_credentials_has_no_subject_limits_in_the_provisioning_account()
    {
        await using var provisioner = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { CredsFile = broker.Broker.ProvisionerCredsFile });
        await using var everything = await provisioner.Connection.SubscribeCoreAsync<string>(">");
        await provisioner.Connection.PingAsync();

        await provisioner.Connection.PublishAsync("provisioning.broadcast.agent.discovery", "ping");
        var echoed = await Messages.NextAsync(everything);

        Assert.Equal("provisioning.broadcast.agent.discovery", echoed.Subject);
        Assert.Empty(provisioner.Errors);
    }

    [Fact]
    public async Task Provisioner_jwt_with_another_seed_is_refused()
    {
        var credentials = broker.Broker.ReadProvisionerCredentials();
        using var other = KeyPair.CreatePair(PrefixByte.User);

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = credentials.Jwt, Seed = other.GetSeed() });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Provisioner_jwt_presented_without_a_nonce_signature_is_refused()
    {
        var credentials = broker.Broker.ReadProvisionerCredentials();

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = credentials.Jwt });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Expired_provisioner_jwt_is_refused()
    {
        var credentials = broker.Broker.ReadProvisionerCredentials();
        using var account = broker.Broker.ReadSeed(BrokerDirectory.ProvisioningAccountSeedFileName);
        using var provisioner = KeyPair.FromSeed(credentials.Seed);
        var now = DateTimeOffset.UtcNow;
        var expired = ProvisioningAccountUsers.MintProvisioner(broker.Manifest.ProvisioningAccount, account, provisioner.GetPublicKey(), ["127.0.0.1/32"], now.AddHours(-2), now.AddHours(-1));

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = expired, Seed = credentials.Seed });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Provisioner_connecting_from_outside_its_networks_is_refused()
    {
        var credentials = broker.Broker.ReadProvisionerCredentials();
        using var account = broker.Broker.ReadSeed(BrokerDirectory.ProvisioningAccountSeedFileName);
        using var provisioner = KeyPair.FromSeed(credentials.Seed);
        var now = DateTimeOffset.UtcNow;
        var elsewhere = ProvisioningAccountUsers.MintProvisioner(broker.Manifest.ProvisioningAccount, account, provisioner.GetPublicKey(), ["10.0.0.0/8"], now, now.AddHours(1));
        var here = ProvisioningAccountUsers.MintProvisioner(broker.Manifest.ProvisioningAccount, account, provisioner.GetPublicKey(), ["10.0.0.0/8", "127.0.0.1/32"], now, now.AddHours(1));

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = elsewhere, Seed = credentials.Seed });
        await using var accepted = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { Jwt = here, Seed = credentials.Seed });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(NatsConnectionState.Open, accepted.Connection.ConnectionState);
    }
}
