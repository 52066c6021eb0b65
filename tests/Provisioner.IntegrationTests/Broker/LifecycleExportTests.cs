using NATS.Client.Core;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

[Collection(BrokerCollection.Name)]
public sealed class LifecycleExportTests(BrokerFixture broker)
{
    [Fact]
    public async Task Lifecycle_events_from_the_provisioning_account_reach_the_fleet_account_and_nothing_else_crosses()
    {
        var observerCredentials = broker.FleetObserver();
        await using var observer = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { Jwt = observerCredentials.Jwt, Seed = observerCredentials.Seed });
        await using var everything = await observer.Connection.SubscribeCoreAsync<string>(">");
        await observer.Connection.PingAsync();
        await using var machine = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { Jwt = broker.Broker.ReadProvisioningModeJwt() });

        await machine.Connection.PublishAsync("provisioning.registration.data", "registration");
        await machine.Connection.PublishAsync("provisioning.reply.x.1", "reply");
        await machine.Connection.PublishAsync("choria.lifecycle.event.startup.provision_mode_server", "startup");
        var first = await Messages.NextAsync(everything);

        Assert.Equal("choria.lifecycle.event.startup.provision_mode_server", first.Subject);
        Assert.Equal("startup", first.Data);
    }
}
