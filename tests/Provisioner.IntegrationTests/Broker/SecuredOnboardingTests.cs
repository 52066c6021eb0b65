using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using NATS.Client.Core;
using NATS.NKeys;
using Provisioner.Agent.Fleet;
using Provisioner.Agent.Runtime;
using Provisioner.IntegrationTests.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Broker;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>
/// The whole secured flow on a nats-server running the config of <c>provisioner broker init</c>: machines
/// in provisioning mode log in with the token's bearer JWT to the provisioning account, a member logged in
/// with <c>provisioner.creds</c> provisions them and issues fleet-account credentials bound to each
/// machine's Ed25519 key, and after their restart the machines log in to the fleet account with them.
/// </summary>
public sealed class SecuredOnboardingTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IAsyncLifetime
{
    private const int FleetSize = 20;
    private OnboardingWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new OnboardingWorld(broker.Url);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Machines_provision_through_the_provisioning_account_and_come_back_to_the_fleet_account_with_their_own_keys()
    {
        var startups = new ConcurrentDictionary<string, byte>();
        var observerCredentials = broker.FleetObserver();
        await using var observer = await BrokerConnection.ConnectAsync(broker.Url, new NatsAuthOpts { Jwt = observerCredentials.Jwt, Seed = observerCredentials.Seed });
        await using var serverStartups = await observer.Connection.SubscribeCoreAsync<byte[]>("choria.lifecycle.event.startup.server");
        var watching = WatchIdentitiesAsync(serverStartups, startups);
        await observer.Connection.PingAsync();
        await _world.StartMemberAsync($"""
            nats.creds = "{broker.Broker.ProvisionerCredsFile}"
            fleet.broker-dir = "{broker.Root}"
            fleet.broker-urls = "{broker.Url}"
            """);

        var result = await _world.RunFleetAsync(FleetSize, "secured", token: TokenWithBearer(broker.Broker.ReadProvisioningModeJwt()));

        // The simulator counts a node provisioned only once its nonce-signed login with the issued JWT and seed was accepted.
        Assert.True(result.AllProvisioned, result.SummaryLine + "\n" + broker.Server.Log);
        // A node may be back before the member has persisted its restart reply.
        await Eventually.TrueAsync(async () => (await _world.JournalAsync("secured")).Count(r => r.FinalStage == NodeStage.Provisioned) == FleetSize,
            TimeSpan.FromSeconds(60), "the journal never recorded every node provisioned");
        var journal = await _world.JournalAsync("secured");
        Assert.Equal(FleetSize, journal.Count);
        Assert.All(journal, r => AssertFleetCredentials(r.Identity, Assert.Single(r.NatsJwts)));
        Assert.Equal(FleetSize, journal.Select(r => UserKey(r.NatsJwts[0])).Distinct().Count());
        // Their "server" startup events were published on their fleet-account connections, where the fleet sees them.
        await Eventually.TrueAsync(() => startups.Count == FleetSize, TimeSpan.FromSeconds(30),
            $"server startups seen in the fleet account: {startups.Count} of {FleetSize}");
        Assert.All(journal, r => Assert.True(startups.ContainsKey(r.Identity), r.Identity));
        // Nothing in the flow (the member's RPC, the machines' inboxes in either account) stepped outside its permissions.
        Assert.DoesNotContain("Violation", broker.Server.Log, StringComparison.Ordinal);
        await serverStartups.UnsubscribeAsync();
        await watching;
    }

    [Theory]
    [InlineData("none")]
    [InlineData("forged")]
    public async Task Machines_without_the_brokers_bearer_jwt_cannot_connect_at_all(string bearer)
    {
        var token = bearer == "none" ? _world.IssueToken("provisioning", OnboardingWorld.AgentToken) : TokenWithBearer(ForgedBearer());

        var refusal = await Assert.ThrowsAnyAsync<NatsException>(() => _world.RunFleetAsync(3, $"refused-{bearer}", token: token, timeout: TimeSpan.FromSeconds(20)));

        Assert.Contains("authorization", refusal.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    private string TokenWithBearer(string bearerJwt)
    {
        using var key = TokenSigningKey.Load(Path.Combine(_world.Dir, "provisioning.seed"));
        return ProvisioningTokens.Issue(
            new ProvisioningTokenRequest
            {
                Token = OnboardingWorld.AgentToken,
                Urls = [broker.Url],
                Extensions = new JsonObject { [NodeConnectionOptions.BearerJwtExtension] = bearerJwt },
            },
            key,
            TimeProvider.System);
    }

    // A bearer JWT that claims the provisioning account but is signed by a key the account never listed.
    private string ForgedBearer()
    {
        using var impostor = KeyPair.CreatePair(PrefixByte.Account);
        var now = DateTimeOffset.UtcNow;
        return ProvisioningAccountUsers.MintProvisioningModeBearer(broker.Manifest.ProvisioningAccount, impostor, now, now.AddHours(1));
    }

    private void AssertFleetCredentials(string identity, string natsJwt)
    {
        var claims = NatsJwt.ReadVerified(natsJwt);
        Assert.Equal(broker.Manifest.FleetSigningKey, claims.GetProperty("iss").GetString());
        Assert.Equal(broker.Manifest.FleetAccount, claims.GetProperty("nats").GetProperty("issuer_account").GetString());
        Assert.Equal(identity, claims.GetProperty("name").GetString());
        Assert.True(KeyPair.IsValidPublicKey(PrefixByte.User, UserKey(natsJwt)), "sub is not a user nkey");
        Assert.False(claims.GetProperty("nats").TryGetProperty("bearer_token", out var bearer) && bearer.ValueKind == JsonValueKind.True, "fleet credentials must not be bearer");
    }

    private static string UserKey(string natsJwt) => NatsJwt.ReadVerified(natsJwt).GetProperty("sub").GetString()!;

    private static async Task WatchIdentitiesAsync(INatsSub<byte[]> subscription, ConcurrentDictionary<string, byte> identities)
    {
        await foreach (var message in subscription.Msgs.ReadAllAsync())
        {
            var lifecycleEvent = Provisioner.Messages.Lifecycle.LifecycleCodec.Parse(message.Data ?? []);
            identities.TryAdd(lifecycleEvent.Identity, 0);
        }
    }
}
