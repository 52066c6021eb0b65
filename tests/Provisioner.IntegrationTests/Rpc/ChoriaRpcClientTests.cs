using System.Text;
using NATS.Client.Core;
using Provisioner.Actors.Rpc;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.IntegrationTests.Rpc;

[Collection(NatsServerFixture.Collection)]
public sealed class ChoriaRpcClientTests(NatsServerFixture nats) : IAsyncLifetime
{
    private readonly NatsConnection _connection = new(new NatsOpts { Url = nats.Url });
    private readonly List<FakeChoriaNode> _nodes = [];

    // Generous: only the failure cases wait it out, and nothing asserts on elapsed time.
    private static readonly TimeSpan NoReplyTimeout = TimeSpan.FromSeconds(1);

    public async Task InitializeAsync() => await _connection.ConnectAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        await _connection.DisposeAsync();
    }

    // The collection shares one nats-server, where another test's member may still sweep: each test's client has its
    // own identity, and what a node received counts only when this client sent it.
    private readonly string _caller = $"prov{Guid.NewGuid():N}.example.net";

    private IEnumerable<(string Subject, string? NatsReplyTo, DecodedRequest Request)> FromThisClient(FakeChoriaNode node) =>
        node.Received.Where(r => r.Request.Envelope.CallerId == $"choria={_caller}");

    private static string NewIdentity() => $"n{Guid.NewGuid():N}.example.net";

    private readonly RecordingLogger _log = new();

    private ChoriaRpcClient Client() => new(_connection, new ChoriaRpcClientOptions
    {
        Identity = _caller,
        SeenByUrl = nats.Url,
    }, logger: _log);

    private IEnumerable<string> Warnings => _log.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => l.Text);

    private async Task<FakeChoriaNode> NodeAsync(string identity, Func<DecodedRequest, IEnumerable<byte[]>> respond)
    {
        var node = await FakeChoriaNode.StartAsync(nats.Url, identity, respond);
        _nodes.Add(node);
        return node;
    }

    private Task<FakeChoriaNode> NodeAsync(string identity, Func<DecodedRequest, RpcReplyBody> body) =>
        NodeAsync(identity, FakeChoriaNode.Answering(identity, body));

    [Fact]
    public async Task Call_returns_the_one_reply_of_the_addressed_node()
    {
        var identity = NewIdentity();
        var node = await NodeAsync(identity, request =>
        {
            var input = RpcData.Read<Gen25519Request>(request.Data, "gen25519");
            return RpcReplyBody.Ok("gen25519", RpcData.From(new Gen25519Reply("pk", "/etc/choria", "signed:" + input.Nonce)));
        });

        var result = await Client().CallAsync(identity, AgentNames.Provision, "gen25519", new Gen25519Request("abc", "t"));

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(new Gen25519Reply("pk", "/etc/choria", "signed:abc"), result.Read<Gen25519Reply>());
        Assert.Equal(identity, result.Reply!.Sender);
        var (subject, natsReplyTo, received) = Assert.Single(FromThisClient(node));
        Assert.Equal($"provisioning.node.{identity}", subject);
        Assert.Null(natsReplyTo);
        Assert.Equal($"choria={_caller}", received.Envelope.CallerId);
        Assert.Equal(Subjects.Reply($"choria={_caller}", received.Envelope.RequestId), received.ReplyTo);
        Assert.Equal(["choria_provision"], received.Envelope.Filter.Agent);
    }

    [Fact]
    public async Task Call_with_json_text_data_sends_that_data()
    {
        var identity = NewIdentity();
        var node = await NodeAsync(identity, request => RpcReplyBody.Ok("jwt", RpcData.From(new JwtReply("j", "e"))));

        var result = await Client().CallAsync(identity, AgentNames.Provision, "jwt", """{ "token": "s3cr3t" }""");

        Assert.True(result.IsOk, result.Error);
        Assert.Equal("s3cr3t", RpcData.Read<JwtRequest>(Assert.Single(FromThisClient(node)).Request.Data, "jwt").Token);
    }

    [Fact]
    public async Task Reply_with_a_failed_status_is_reported_in_choria_wording()
    {
        var identity = NewIdentity();
        await NodeAsync(identity, _ => RpcReplyBody.Failed("jwt", StatusCode.Aborted, "Incorrect provision token supplied"));

        var result = await Client().CallAsync(identity, AgentNames.Provision, "jwt", new JwtRequest("wrong"));

        Assert.Equal(RpcCallOutcome.NotOk, result.Outcome);
        Assert.Equal($"invalid response from {identity}: Incorrect provision token supplied (1)", result.Error);
        Assert.Equal(StatusCode.Aborted, result.Body!.StatusCode);
    }

    [Fact]
    public async Task No_reply_within_the_timeout_is_zero_responses()
    {
        var identity = NewIdentity();

        var result = await Client().CallAsync(identity, AgentNames.RpcUtil, "inventory", RpcData.EmptyObject, NoReplyTimeout);

        Assert.Equal(RpcCallOutcome.WrongReplyCount, result.Outcome);
        Assert.Equal(0, result.ReplyCount);
        Assert.Equal($"received 0 responses while expecting a response from {identity}", result.Error);
    }

    [Fact]
    public async Task A_forged_second_reply_to_gencsr_does_not_fail_the_call_and_is_logged()
    {
        var identity = NewIdentity();
        var genuine = new GenCsrReply("GENUINE CSR", "GENUINE KEY", "/etc/choria/ssl");
        await NodeAsync(identity, request =>
        [
            ChoriaCodec.Default.EncodeReply(request, identity, RpcReplyBody.Ok("gencsr", RpcData.From(genuine))),
            // What a peer in provisioning mode that read the request could send: same request id, same sender.
            ChoriaCodec.Default.EncodeReply(request, identity, RpcReplyBody.Failed("gencsr", StatusCode.Aborted, "forged")),
        ]);

        var result = await Client().CallAsync(identity, AgentNames.Provision, "gencsr", new GenCsrRequest(Cn: identity, Token: "t"));

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(genuine, result.Read<GenCsrReply>());
        await Eventually.TrueAsync(
            () => Warnings.Any(w => w.StartsWith($"ignored a later reply to choria_provision#gencsr for {identity} (request ", StringComparison.Ordinal)
                && w.EndsWith($") from {identity}: the call took the first reply", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), string.Join(" | ", Warnings));
    }

    [Fact]
    public async Task Two_nodes_answering_for_one_identity_leave_the_first_reply_standing()
    {
        var identity = NewIdentity();
        var ok = RpcReplyBody.Ok("inventory", RpcData.EmptyObject);
        await NodeAsync(identity, _ => ok);
        await NodeAsync(identity, _ => ok);

        var result = await Client().CallAsync(identity, AgentNames.RpcUtil, "inventory", RpcData.EmptyObject, TimeSpan.FromSeconds(10));

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(1, result.ReplyCount);
        await Eventually.TrueAsync(() => Warnings.Any(w => w.StartsWith("ignored a later reply to rpcutil#inventory", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), string.Join(" | ", Warnings));
    }

    [Fact]
    public async Task A_reply_from_another_sender_than_the_node_asked_is_ignored()
    {
        var identity = NewIdentity();
        var impostor = NewIdentity();
        await NodeAsync(identity, request =>
        [
            ChoriaCodec.Default.EncodeReply(request, impostor, RpcReplyBody.Failed("jwt", StatusCode.Aborted, "forged")),
            ChoriaCodec.Default.EncodeReply(request, identity, RpcReplyBody.Ok("jwt", RpcData.From(new JwtReply("j", "e")))),
        ]);

        var result = await Client().CallAsync(identity, AgentNames.Provision, "jwt", new JwtRequest("t"));

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(identity, result.Reply!.Sender);
        Assert.Equal([$"reply from {impostor} ignored: the request was sent to {identity}"], result.DroppedReplies);
        Assert.Contains(Warnings, w => w == $"choria_provision#jwt to {identity}: ignored 1 unusable replies: reply from {impostor} ignored: the request was sent to {identity}");
    }

    [Fact]
    public async Task Replies_only_from_another_sender_are_no_reply()
    {
        var identity = NewIdentity();
        var impostor = NewIdentity();
        await NodeAsync(identity, request => [ChoriaCodec.Default.EncodeReply(request, impostor, RpcReplyBody.Ok("jwt", RpcData.From(new JwtReply("j", "e"))))]);

        var result = await Client().CallAsync(identity, AgentNames.Provision, "jwt", new JwtRequest("t"), NoReplyTimeout);

        Assert.Equal(RpcCallOutcome.WrongReplyCount, result.Outcome);
        Assert.Equal($"received 0 responses while expecting a response from {identity}", result.Error);
        Assert.Equal([$"reply from {impostor} ignored: the request was sent to {identity}"], result.DroppedReplies);
    }

    [Fact]
    public async Task Reply_with_a_wrong_hash_is_dropped()
    {
        var identity = NewIdentity();
        await NodeAsync(identity, request => [Tamper(ChoriaCodec.Default.EncodeReply(request, identity, RpcReplyBody.Ok("jwt", RpcData.EmptyObject)))]);

        var result = await Client().CallAsync(identity, AgentNames.Provision, "jwt", new JwtRequest("t"), NoReplyTimeout);

        Assert.Equal($"received 0 responses while expecting a response from {identity}", result.Error);
        Assert.Contains("hash mismatch", Assert.Single(result.DroppedReplies));
    }

    // Text a JSON string can spell but no .NET string can hold: a lone surrogate, as an escape.
    private const string LoneSurrogate = "\\ud800";

    [Fact]
    public async Task Replies_with_text_that_is_not_unicode_in_any_layer_are_dropped_and_the_genuine_reply_is_taken()
    {
        var identity = NewIdentity();
        var genuine = new JwtReply("j", "e");
        await NodeAsync(identity, request =>
        {
            var reply = ChoriaCodec.Default.EncodeReply(request, identity, RpcReplyBody.Ok("jwt", RpcData.From(genuine)));
            return
            [
                // The transport's protocol, read first to pick the codec.
                Edit(reply, t => t.Replace("\"protocol\":\"choria:transport:1\"", $"\"protocol\":\"choria:transport:1{LoneSurrogate}\"")),
                // A transport header.
                Edit(reply, t => t.Replace($"\"mc_sender\":\"{identity}\"", $"\"mc_sender\":\"{LoneSurrogate}\"")),
                // The secure layer's message, itself the reply layer's JSON.
                EditSecure(reply, s => s.Replace("\"message\":\"{", $"\"message\":\"{LoneSurrogate}{{"), rehash: false),
                // The reply layer's envelope, its hash made to match.
                EditSecure(reply, s => s.Replace("\\\"senderid\\\":\\\"", $"\\\"senderid\\\":\\\"\\{LoneSurrogate}"), rehash: true),
                reply,
            ];
        });

        var result = await Client().CallAsync(identity, AgentNames.Provision, "jwt", new JwtRequest("t"));

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(genuine, result.Read<JwtReply>());
        Assert.Collection(result.DroppedReplies,
            reason => Assert.Equal("choria:transport:1: field 'protocol' is not valid text", reason),
            reason => Assert.Equal("choria:transport:1 headers: field 'mc_sender' is not valid text", reason),
            reason => Assert.StartsWith("choria:secure:reply:1: field 'message' is not valid text", reason),
            reason => Assert.Equal("choria:reply:1 envelope: field 'senderid' is not valid text", reason));
    }

    [Fact]
    public async Task Invalid_identity_is_refused_without_sending()
    {
        var result = await Client().CallAsync("n1.*", AgentNames.Provision, "jwt", new JwtRequest("t"));

        Assert.Equal(RpcCallOutcome.InvalidTarget, result.Outcome);
        Assert.Contains("wildcards", result.Error);
    }

    [Fact]
    public async Task Discovery_returns_every_node_that_answers_the_ping()
    {
        var identities = new[] { NewIdentity(), NewIdentity(), NewIdentity() };
        foreach (var identity in identities)
        {
            await NodeAsync(identity, FakeChoriaNode.Answering(identity, _ => RpcReplyBody.Failed("", StatusCode.UnknownAction, "no")));
        }

        var found = await Client().DiscoverAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));

        Assert.Equal(identities.Order(), found.Order());
        var (subject, _, ping) = Assert.Single(FromThisClient(_nodes[0]));
        Assert.Equal("provisioning.broadcast.agent.discovery", subject);
        Assert.True(ping.IsDiscoveryPing);
    }

    [Fact]
    public async Task Discovery_with_no_nodes_finds_nothing()
    {
        Assert.Empty(await Client().DiscoverAsync(TimeSpan.FromMilliseconds(500)));
    }

    private static byte[] Edit(byte[] transport, Func<string, string> edit)
    {
        var text = Encoding.UTF8.GetString(transport);
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        return Encoding.UTF8.GetBytes(edited);
    }

    // Edits the secure layer inside the transport's base64 data; with rehash, the hash is made to match the edited message.
    private static byte[] EditSecure(byte[] transport, Func<string, string> edit, bool rehash) => Edit(transport, text =>
    {
        var start = text.IndexOf("\"data\":\"", StringComparison.Ordinal) + 8;
        var end = text.IndexOf('"', start);
        var secure = Encoding.UTF8.GetString(Convert.FromBase64String(text[start..end]));
        var edited = edit(secure);
        Assert.NotEqual(secure, edited);
        if (rehash)
        {
            using var json = System.Text.Json.JsonDocument.Parse(edited);
            var hash = json.RootElement.GetProperty("hash").GetString()!;
            edited = edited.Replace(hash, SecureReply.HashOf(json.RootElement.GetProperty("message").GetString()!));
        }
        return text[..start] + Convert.ToBase64String(Encoding.UTF8.GetBytes(edited)) + text[end..];
    });

    // Alters the status message inside the reply, keeping the hash, as a corrupted relay would.
    private static byte[] Tamper(byte[] transport)
    {
        var text = Encoding.UTF8.GetString(transport);
        var start = text.IndexOf("\"data\":\"", StringComparison.Ordinal) + 8;
        var end = text.IndexOf('"', start);
        var secure = Encoding.UTF8.GetString(Convert.FromBase64String(text[start..end])).Replace("OK", "KO");
        return Encoding.UTF8.GetBytes(text[..start] + Convert.ToBase64String(Encoding.UTF8.GetBytes(secure)) + text[end..]);
    }
}
