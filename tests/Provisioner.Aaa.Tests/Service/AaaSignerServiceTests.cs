using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Aaa.Client;
using Provisioner.Aaa.Nats;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;
using Provisioner.Testing;

namespace Provisioner.Aaa.Tests.Service;

[Collection(NatsServerFixture.Collection)]
public sealed class AaaSignerServiceTests(NatsServerFixture nats) : IAsyncLifetime
{
    private const string Collective = "choria";
    private readonly AaaWorld _world = new();
    private readonly Ed25519KeyPair _client = Ed25519KeyPair.Generate();
    private NatsConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        await _connection.ConnectAsync();
    }

    private string Request(string agent = "rpcutil", string action = "ping") =>
        ClientRequests.Build(agent, action, RpcData.EmptyObject, "up=bob", "client", Collective, TimeProvider.System);

    private async Task<AaaSignerService> StartAsync(AaaService service, string identity = "member-1") =>
        await AaaSignerService.StartAsync(_connection, service, Collective, identity, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task A_good_request_is_signed_with_statuscode_0_and_the_secure_request_as_a_json_string()
    {
        using var service = _world.Service(clock: TimeProvider.System);
        await using var signer = await StartAsync(service);
        var client = new AaaSignerClient(_connection, Collective, "client", TimeProvider.System);

        var secure = await client.SignAsync(Request(), _world.Token(_client), _client);

        using var document = JsonDocument.Parse(secure);
        Assert.Equal(Protocols.SecureRequest, document.RootElement.GetProperty("protocol").GetString());
    }

    [Fact]
    public async Task A_refused_request_reads_statuscode_1_request_denied()
    {
        using var service = _world.Service(clock: TimeProvider.System);
        await using var signer = await StartAsync(service);
        var client = new AaaSignerClient(_connection, Collective, "client", TimeProvider.System);

        var failure = await Assert.ThrowsAsync<AaaClientException>(() => client.SignAsync(Request("puppet", "enable"), _world.Token(_client), _client));

        Assert.Equal("signing failed: Request Denied", failure.Message);
    }

    [Fact]
    public async Task The_spec_s_refusals_read_request_denied_over_nats_each_audited_with_its_reason()
    {
        using var service = _world.Service();
        await using var signer = await StartAsync(service);
        var client = new AaaSignerClient(_connection, Collective, "client", TimeProvider.System);
        using var foreignSeed = Ed25519KeyPair.Generate();
        using var foreignLoginKey = Provisioner.Security.Tokens.TokenSigningKey.FromEd25519Seed(foreignSeed.ExportSeed());
        using var otherClientSeed = Ed25519KeyPair.Generate();
        var now = _world.Clock.GetUtcNow().ToUnixTimeSeconds();
        var request = Request();
        var tampered = request.Replace("ping", "pong", StringComparison.Ordinal);
        Assert.NotEqual(request, tampered);
        var cases = new (string Scenario, Func<Task<string>> Sign, string Reason)[]
        {
            ("expired token", () => client.SignAsync(request, _world.Token(_client, c => c with { IssuedAt = now - 7200, NotBefore = now - 7200, ExpiresAt = now - 1 }), _client),
                "invalid token: token expired at "),
            ("foreign token", () => client.SignAsync(request, _world.Token(_client, signingKey: foreignLoginKey), _client), "invalid token: "),
            ("validity capped", () => client.SignAsync(request, _world.Token(_client, c => c with { ExpiresAt = now + 3 * 3600 }), _client),
                "invalid token: invalid claims: expiry is not set or it is too far in the future"),
            ("tampered request", () => client.SignAsync(tampered, _world.Token(_client), AaaWorld.SignHex(_client, AaaWorld.Utf8(request))),
                "invalid signature: it does not verify with the token's public_key over the request"),
            ("wrong client key", () => client.SignAsync(request, _world.Token(_client), otherClientSeed),
                "invalid signature: it does not verify with the token's public_key over the request"),
            ("action refused", () => client.SignAsync(Request("puppet", "enable"), _world.Token(_client), _client), "denied by the actionlist: "),
        };

        foreach (var (scenario, sign, _) in cases)
        {
            var failure = await Assert.ThrowsAsync<AaaClientException>(sign);
            Assert.True(failure.Message == "signing failed: Request Denied", $"{scenario}: {failure.Message}");
        }

        var denials = (await _world.AuditAsync()).Where(r => r.Action == "deny").OrderBy(r => r.Time).Select(r => r.Reason).ToList();
        Assert.Equal(cases.Length, denials.Count);
        foreach (var (scenario, _, reason) in cases)
        {
            Assert.True(denials.Any(d => d.StartsWith(reason, StringComparison.Ordinal)), $"{scenario}: no deny record starting '{reason}' in [{string.Join(" | ", denials)}]");
        }
    }

    [Fact]
    public async Task Data_that_does_not_parse_reads_statuscode_4()
    {
        using var service = _world.Service(clock: TimeProvider.System);
        await using var signer = await StartAsync(service);
        var reply = await RawAsync(RpcData.Parse("{\"request\":42}"));

        Assert.Equal(StatusCode.InvalidData, reply.StatusCode);
        Assert.StartsWith("Could not parse request data for aaa_signer#sign:", reply.StatusMessage);
    }

    [Fact]
    public async Task Two_instances_answer_each_request_once()
    {
        using var first = _world.Service(clock: TimeProvider.System, member: "member-1");
        using var second = _world.Service(clock: TimeProvider.System, member: "member-2");
        await using var a = await StartAsync(first, "member-1");
        await using var b = await StartAsync(second, "member-2");
        var token = _world.Token(_client);
        var senders = new List<string>();

        for (var i = 0; i < 20; i++)
        {
            var replies = await AllRepliesAsync(Request(), token);
            senders.Add(Assert.Single(replies));
        }

        Assert.Equal(20, (await _world.AuditAsync()).Count);
        Assert.Equal(2, senders.Distinct().Count());
    }

    // Publishes one aaa_signer request and collects every reply's sender for a moment, to count answers.
    private async Task<List<string>> AllRepliesAsync(string request, string token)
    {
        var codec = ChoriaCodec.Default;
        var requestId = RequestIds.New();
        var data = JsonSerializer.SerializeToElement(new { request, signature = AaaWorld.SignHex(_client, Encoding.UTF8.GetBytes(request)), token });
        var replyTo = Subjects.Reply("up=bob", requestId, Collective);
        await using var subscription = await _connection.SubscribeCoreAsync<byte[]>(replyTo);
        await _connection.PublishAsync(Subjects.BroadcastService(AgentNames.AaaSigner, Collective), codec.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.AaaSigner, Action = "sign", Data = data, SenderId = "client", CallerId = "up=bob", RequestId = requestId, Collective = Collective,
        }));
        var senders = new List<string>();
        var first = await subscription.Msgs.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        senders.Add(codec.DecodeReply(first.Data!).Headers.McSender!);
        // A second answer would arrive within moments of the first; the queue group means none should.
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            while (true)
            {
                var more = await subscription.Msgs.ReadAsync(quiet.Token);
                senders.Add(codec.DecodeReply(more.Data!).Headers.McSender!);
            }
        }
        catch (OperationCanceledException)
        {
            // No further answer.
        }
        return senders;
    }

    private async Task<RpcReplyBody> RawAsync(JsonElement data)
    {
        var codec = ChoriaCodec.Default;
        var requestId = RequestIds.New();
        var replyTo = Subjects.Reply("up=bob", requestId, Collective);
        await using var subscription = await _connection.SubscribeCoreAsync<byte[]>(replyTo);
        await _connection.PublishAsync(Subjects.BroadcastService(AgentNames.AaaSigner, Collective), codec.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.AaaSigner, Action = "sign", Data = data, SenderId = "client", CallerId = "up=bob", RequestId = requestId, Collective = Collective,
        }));
        var message = await subscription.Msgs.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return codec.DecodeReply(message.Data!).Body!;
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _client.Dispose();
        _world.Dispose();
    }
}
