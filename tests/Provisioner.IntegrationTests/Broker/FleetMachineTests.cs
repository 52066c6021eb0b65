using NATS.Client.Core;
using NATS.NKeys;
using Provisioner.Messages.Wire;
using Provisioner.Security.Broker;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

[Collection(BrokerCollection.Name)]
public sealed class FleetMachineTests(BrokerFixture broker)
{
    private static readonly TestMachine A = TestMachine.Create("a.example.net");
    private static readonly TestMachine B = TestMachine.Create("b.example.net");

    private static string ReplyHash(string identity) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(identity)));

    private Task<BrokerConnection> ConnectAsync(TestMachine machine, ServerPermissionFlags? flags = null, IReadOnlyList<string>? collectives = null) =>
        BrokerConnection.ConnectAsync(
            broker.Url,
            new NatsAuthOpts { Jwt = broker.IssueMachineJwt(machine, collectives, flags), Seed = machine.NatsSeed },
            inboxPrefix: Subjects.ReplyInbox(machine.Identity, "choria"));

    [Fact]
    public async Task Provisioned_machine_connects_with_its_own_key_and_receives_its_requests()
    {
        await using var machine = await ConnectAsync(A);
        var observerCredentials = broker.FleetObserver();
        await using var observer = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { Jwt = observerCredentials.Jwt, Seed = observerCredentials.Seed });
        await using var requests = await machine.Connection.SubscribeCoreAsync<string>($"choria.node.{A.Identity}");
        await machine.Connection.PingAsync();

        await observer.Connection.PublishAsync($"choria.node.{A.Identity}", "rpc");
        var request = await Messages.NextAsync(requests);

        Assert.Equal("rpc", request.Data);
        Assert.Empty(machine.Errors);
    }

    [Fact]
    public async Task Provisioned_machine_connects_with_a_creds_file()
    {
        var creds = Path.Combine(broker.Root, $"machine-{Guid.NewGuid():N}.creds");
        await File.WriteAllTextAsync(creds, new NatsCredentials(broker.IssueMachineJwt(A), A.NatsSeed).ToCredsFile());

        await using var machine = await BrokerConnection.ConnectAsync(
            broker.Url, new NatsAuthOpts { CredsFile = creds }, inboxPrefix: Subjects.ReplyInbox(A.Identity, "choria"));
        await machine.Connection.PingAsync();

        Assert.Equal(NatsConnectionState.Open, machine.Connection.ConnectionState);
        Assert.Empty(machine.Errors);
    }

    [Theory]
    [InlineData("choria.node.b.example.net")]
    [InlineData("choria.node.>")]
    [InlineData("choria.reply.>")]
    [InlineData("choria.submission.in.>")]
    [InlineData("provisioning.node.>")]
    [InlineData(">")]
    public async Task Provisioned_machine_cannot_subscribe_to_other_machines_subjects(string subject)
    {
        await using var machine = await ConnectAsync(A);

        await using var subscription = await machine.Connection.SubscribeCoreAsync<string>(subject);

        await machine.ViolationReportedAsync("Subscription", subject);
    }

    [Fact]
    public async Task Provisioned_machine_cannot_subscribe_to_another_machines_replies_but_can_to_its_own()
    {
        await using var machine = await ConnectAsync(A);
        var others = $"choria.reply.{ReplyHash(B.Identity)}.>";

        await using var own = await machine.Connection.SubscribeCoreAsync<string>($"choria.reply.{ReplyHash(A.Identity)}.>");
        await using var theirs = await machine.Connection.SubscribeCoreAsync<string>(others);

        await machine.ViolationReportedAsync("Subscription", others);
        Assert.DoesNotContain(machine.Errors, e => e.Contains(ReplyHash(A.Identity), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submission_is_refused_without_the_submission_permission_and_delivered_with_it()
    {
        var observerCredentials = broker.FleetObserver();
        await using var observer = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { Jwt = observerCredentials.Jwt, Seed = observerCredentials.Seed });
        await using var watch = await observer.Connection.SubscribeCoreAsync<string>("choria.submission.in.>");
        await observer.Connection.PingAsync();
        await using var without = await ConnectAsync(A);
        await using var with = await ConnectAsync(B, new ServerPermissionFlags(Submission: true));

        await without.Connection.PublishAsync("choria.submission.in.a", "denied");
        await without.ViolationReportedAsync("Publish", "choria.submission.in.a");
        await with.Connection.PublishAsync("choria.submission.in.b", "allowed");
        var first = await Messages.NextAsync(watch);

        Assert.Equal("allowed", first.Data);
        Assert.Empty(with.Errors);
    }

    [Theory]
    [InlineData("choria", "choria.node.b.example.net")]
    [InlineData("choria", "choria.broadcast.agent.rpcutil")]
    [InlineData("choria", "choria.broadcast.agent.choria_provision")]
    [InlineData("mcollective", "choria.broadcast.agent.registration")]
    [InlineData("mcollective", "choria.reply.1234567890abcdef1234567890abcdef.1")]
    [InlineData("choria", "provisioning.node.b.example.net")]
    [InlineData("choria", "provisioning.broadcast.agent.discovery")]
    [InlineData("choria", "provisioning.reply.1234567890abcdef1234567890abcdef.1")]
    [InlineData("choria", "provisioning.registration.data")]
    public async Task Provisioned_machine_cannot_publish_to_other_machines_other_collectives_or_provisioning(string collective, string subject)
    {
        var observerCredentials = broker.FleetObserver();
        await using var observer = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { Jwt = observerCredentials.Jwt, Seed = observerCredentials.Seed });
        await using var everything = await observer.Connection.SubscribeCoreAsync<string>(">");
        await observer.Connection.PingAsync();
        await using var machine = await ConnectAsync(A, collectives: [collective]);
        // Registration in its own collective is allowed: it arrives after the refused message would have.
        var allowed = $"{collective}.broadcast.agent.registration";

        await machine.Connection.PublishAsync(subject, "refused");
        await machine.Connection.PublishAsync(allowed, "allowed");

        await machine.ViolationReportedAsync("Publish", subject);
        var seen = new List<string>();
        while (true)
        {
            var message = await Messages.NextAsync(everything);
            if (message.Subject == allowed && message.Data == "allowed")
            {
                break;
            }
            seen.Add(message.Subject);
        }
        Assert.DoesNotContain(subject, seen);
        Assert.DoesNotContain(machine.Errors, e => e.Contains($"\"{allowed}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Machine_without_collectives_may_not_subscribe_to_anything()
    {
        await using var machine = await ConnectAsync(A, collectives: []);

        await using var subscription = await machine.Connection.SubscribeCoreAsync<string>($"choria.node.{A.Identity}");

        await machine.ViolationReportedAsync("Subscription", $"choria.node.{A.Identity}");
    }

    [Fact]
    public async Task Machine_jwt_with_a_seed_that_is_not_its_own_is_refused()
    {
        using var wrong = KeyPair.CreatePair(PrefixByte.User);

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = broker.IssueMachineJwt(A), Seed = wrong.GetSeed() });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_machines_jwt_with_my_seed_is_refused()
    {
        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = broker.IssueMachineJwt(B), Seed = A.NatsSeed });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Machine_jwt_without_a_nonce_signature_is_refused()
    {
        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = broker.IssueMachineJwt(A) });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Expired_machine_credentials_are_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var expired = broker.IssueMachineJwt(A, issuedAt: now.AddDays(-2), expires: now.AddDays(-1));

        var refused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = expired, Seed = A.NatsSeed });

        Assert.Contains("Authorization Violation", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Machine_credentials_signed_by_a_key_the_fleet_account_does_not_list_are_refused()
    {
        using var stranger = KeyPair.CreatePair(PrefixByte.Account);
        using var provisioningSigner = broker.Broker.ReadSeed(BrokerDirectory.ProvisioningSigningSeedFileName);
        var now = DateTimeOffset.UtcNow;
        var byStranger = new MachineCredentialIssuer(broker.Manifest.FleetAccount, stranger).Issue(A.Request(["choria"], ServerPermissionFlags.None), now, now.AddHours(1));
        var byProvisioningKey = new MachineCredentialIssuer(broker.Manifest.FleetAccount, provisioningSigner).Issue(A.Request(["choria"], ServerPermissionFlags.None), now, now.AddHours(1));

        var strangerRefused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = byStranger, Seed = A.NatsSeed });
        var provisioningKeyRefused = await BrokerConnection.RefusedAsync(broker.Url, new NatsAuthOpts { Jwt = byProvisioningKey, Seed = A.NatsSeed });

        Assert.Contains("Authorization Violation", strangerRefused.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Authorization Violation", provisioningKeyRefused.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
