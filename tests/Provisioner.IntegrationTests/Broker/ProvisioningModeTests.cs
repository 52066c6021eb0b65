using NATS.Client.Core;
using NATS.NKeys;
using Provisioner.Messages.Wire;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

[Collection(BrokerCollection.Name)]
public sealed class ProvisioningModeTests(BrokerFixture broker)
{
    private NatsAuthOpts Bearer => new() { Jwt = broker.Broker.ReadProvisioningModeJwt() };
    private NatsAuthOpts Provisioner => new() { CredsFile = broker.Broker.ProvisionerCredsFile };

    [Fact]
    public async Task Machine_in_provisioning_mode_connects_with_the_bearer_jwt_alone_and_talks_to_the_provisioner()
    {
        await using var machine = await BrokerConnection.ConnectAsync(broker.Url, Bearer, inboxPrefix: Subjects.ProvisioningInbox("m1"));
        await using var provisioner = await BrokerConnection.ConnectAsync(broker.Url, Provisioner);
        await using var requests = await machine.Connection.SubscribeCoreAsync<string>("provisioning.node.m1");
        await using var replies = await provisioner.Connection.SubscribeCoreAsync<string>("provisioning.reply.p1.>");
        await machine.Connection.PingAsync();
        await provisioner.Connection.PingAsync();

        await provisioner.Connection.PublishAsync("provisioning.node.m1", "configure");
        var request = await Messages.NextAsync(requests);
        await machine.Connection.PublishAsync("provisioning.reply.p1.1", "ok");
        var reply = await Messages.NextAsync(replies);

        Assert.Equal("configure", request.Data);
        Assert.Equal("ok", reply.Data);
        Assert.Empty(machine.Errors);
    }

    [Theory]
    [InlineData(">")]
    [InlineData("choria.>")]
    [InlineData("provisioning.>")]
    [InlineData("provisioning.reply.>")]
    [InlineData("provisioning.registration.>")]
    [InlineData("provisioning.broadcast.agent.>")]
    [InlineData("provisioning.broadcast.agent.shell")]
    [InlineData("choria.lifecycle.>")]
    public async Task Machine_in_provisioning_mode_cannot_subscribe_outside_its_list(string subject)
    {
        await using var machine = await BrokerConnection.ConnectAsync(broker.Url, Bearer);

        await using var subscription = await machine.Connection.SubscribeCoreAsync<string>(subject);

        await machine.ViolationReportedAsync("Subscription", subject);
    }

    [Fact]
    public async Task Machine_in_provisioning_mode_cannot_send_requests_to_another_machine()
    {
        await using var machine = await BrokerConnection.ConnectAsync(broker.Url, Bearer);
        await using var provisioner = await BrokerConnection.ConnectAsync(broker.Url, Provisioner);
        await using var watch = await provisioner.Connection.SubscribeCoreAsync<string>("provisioning.>");
        await provisioner.Connection.PingAsync();

        await machine.Connection.PublishAsync("provisioning.node.other", "rpc from a peer");
        await machine.Connection.PublishAsync("provisioning.reply.sentinel", "sentinel");

        await machine.ViolationReportedAsync("Publish", "provisioning.node.other");
        var first = await Messages.NextAsync(watch);
        Assert.Equal("provisioning.reply.sentinel", first.Subject);
    }

    [Theory]
    [InlineData("provisioning.broadcast.agent.discovery")]
    [InlineData("choria.machine.transition")]
    [InlineData("choria.broadcast.agent.rpcutil")]
    public async Task Machine_in_provisioning_mode_cannot_publish_outside_its_list(string subject)
    {
        await using var machine = await BrokerConnection.ConnectAsync(broker.Url, Bearer);

        await machine.Connection.PublishAsync(subject, "x");

        await machine.ViolationReportedAsync("Publish", subject);
    }

    [Fact]
    public async Task Expired_provisioning_mode_bearer_jwt_is_refused()
    {
        using var signer = broker.Broker.ReadSeed(BrokerDirectory.ProvisioningSigningSeedFileName);
        var now = DateTimeOffset.UtcNow;
        var expired = ProvisioningAccountUsers.MintProvisioningModeBearer(broker.Manifest.ProvisioningAccount, signer, now.AddHours(-2), now.AddHours(-1));

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = expired });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Tampered_provisioning_mode_bearer_jwt_is_refused()
    {
        var jwt = broker.Broker.ReadProvisioningModeJwt().Split('.');
        var claims = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt[1]))
            .Replace("provisioning.node.", "provisioning.", StringComparison.Ordinal);
        var tampered = $"{jwt[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims))}.{jwt[2]}";

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = tampered });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bearer_jwt_signed_by_a_key_the_account_does_not_list_is_refused()
    {
        using var stranger = KeyPair.CreatePair(PrefixByte.Account);
        var now = DateTimeOffset.UtcNow;
        var forged = ProvisioningAccountUsers.MintProvisioningModeBearer(broker.Manifest.ProvisioningAccount, stranger, now, now.AddHours(1));

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = forged });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
