using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Rpc;

/// <summary>
/// The provisioner's side of Choria RPC over NATS: direct requests to one node and the discovery broadcast.
/// Replies are routed by the transport's <c>reply-to</c> header alone, so the client listens on the reply
/// subject before publishing a plain PUB (no NATS reply subject), exactly as go-choria does.
/// Direct calls share one wildcard subscription on this caller's reply subjects and are matched to their
/// reply subject's last token (the request id): a subscription per call cost a SUB and an UNSUB per step.
/// With <see cref="ChoriaRpcClientOptions.CallerV2"/> it speaks both protocols: each node in the one it answered in
/// (learned from its pong or its last reply), a node not heard from yet in both at once, since a node drops the
/// protocol it does not speak without a reply (choria-v2 §1.0, §3.2).
/// </summary>
public sealed class ChoriaRpcClient(INatsConnection connection, ChoriaRpcClientOptions options, ChoriaCodec? codec = null, ILogger? logger = null, ChoriaCodecV2? codecV2 = null)
{
    // Replies that cannot be used are logged per call; a burst of them names this many reasons, then a count.
    private const int LoggedReasons = 3;

    private readonly ChoriaCodec _codec = codec ?? ChoriaCodec.Default;
    private readonly ChoriaCodecV2 _codecV2 = codecV2 ?? ChoriaCodecV2.Default;
    private readonly ILogger _log = logger ?? NullLogger.Instance;
    // A call's inbox takes replies in buffers rented by NATS: whoever takes one from a channel returns it.
    private readonly ConcurrentDictionary<string, ChannelWriter<NatsMemoryOwner<byte>>> _calls = new(StringComparer.Ordinal);
    private readonly AnsweredCalls _answered = new();
    private readonly NodeProtocols _protocols = new();
    private readonly SemaphoreSlim _listening = new(1, 1);
    private readonly Dictionary<string, Task> _replyLoops = new(StringComparer.Ordinal);

    public ChoriaRpcClientOptions Options => options;

    /// <summary>The protocol <paramref name="identity"/> last answered in: 1, 2, or 0 while unknown.</summary>
    public int ProtocolOf(string identity) => _protocols.Of(identity);

    /// <summary>Calls <paramref name="agent"/>#<paramref name="action"/> on one node with a typed payload.</summary>
    public Task<RpcCallResult> CallAsync<T>(string identity, string agent, string action, T payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        CallAsync(identity, agent, action, RpcData.From(payload), timeout, cancellationToken);

    /// <summary>Calls <paramref name="agent"/>#<paramref name="action"/> on one node with data given as JSON object text.</summary>
    public Task<RpcCallResult> CallAsync(string identity, string agent, string action, string dataJson, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        CallAsync(identity, agent, action, RpcData.Parse(dataJson), timeout, cancellationToken);

    /// <summary>
    /// Sends a direct request to <c>provisioning.node.&lt;identity&gt;</c> and waits up to <paramref name="timeout"/>
    /// (default: discovery timeout plus the agent's DDL timeout) for the first well-formed reply to this request
    /// from <paramref name="identity"/>, and returns on it, as go-choria does. Replies that fail their hash, answer
    /// another request, come from another sender or are no RPC reply are skipped and reported in
    /// <see cref="RpcCallResult.DroppedReplies"/>; a later reply to an answered request is logged and ignored.
    /// Any machine in provisioning mode may publish replies, so none of them may be able to fail the call on
    /// its own by answering twice. Only cancellation throws; every other failure is a result.
    /// </summary>
    public async Task<RpcCallResult> CallAsync(string identity, string agent, string action, JsonElement data, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var problem = NodeIdentity.Problem(identity);
        if (problem is not null)
        {
            return new RpcCallResult(RpcCallOutcome.InvalidTarget, identity, agent, action, null, 0, problem, []);
        }

        var rpcName = $"{agent}#{action}";
        List<(string RequestId, string CallerId, RentedTransport Transport)> requests;
        try
        {
            requests = Requests(identity, agent, action, data);
        }
        catch (Exception e) when (e is TokenException or ChoriaProtocolException or IOException or UnauthorizedAccessException)
        {
            return new RpcCallResult(RpcCallOutcome.PublishFailed, identity, agent, action, null, 0, $"could not sign {rpcName} to {identity}: {e.Message}", []);
        }

        RpcReply? reply = null;
        var dropped = new List<string>();
        // Unbounded in effect (a flood of forged replies must not crowd out the node's), but a bounded channel's queue
        // grows from nothing where an unbounded one starts with a 32-slot segment: a call mostly takes one reply.
        var inbox = Channel.CreateBounded<NatsMemoryOwner<byte>>(new BoundedChannelOptions(int.MaxValue) { SingleReader = true, SingleWriter = false });
        foreach (var request in requests)
        {
            _calls[request.RequestId] = inbox.Writer;
        }
        try
        {
            foreach (var request in requests)
            {
                await ListenForRepliesAsync(request.CallerId, cancellationToken);
            }
            try
            {
                foreach (var request in requests)
                {
                    await connection.PublishAsync(Subjects.NodeRequest(identity, options.Collective), request.Transport.Bytes, cancellationToken: cancellationToken);
                }
            }
            finally
            {
                // Published means copied into the connection's buffer; held for the whole call, the pool would run dry.
                requests.ForEach(request => request.Transport.Dispose());
            }
            var ids = requests.Select(r => r.RequestId).ToList();
            reply = await FirstReplyAsync(inbox, identity, ids, timeout ?? options.DiscoveryTimeout + AgentTimeouts.For(agent), dropped, cancellationToken);
        }
        catch (NatsException e)
        {
            return new RpcCallResult(RpcCallOutcome.PublishFailed, identity, agent, action, null, 0, $"could not send {agent}#{action} to {identity}: {e.Message}", dropped);
        }
        finally
        {
            foreach (var (requestId, _, _) in requests)
            {
                EndCall(requestId, inbox, reply?.RequestId == requestId ? (identity, rpcName) : null);
            }
            LogDropped(rpcName, identity, dropped);
        }

        if (reply is null)
        {
            _protocols.Forget(identity);
        }
        else
        {
            _protocols.Learn(identity, reply.ProtocolVersion);
        }
        if (reply is null)
        {
            return new RpcCallResult(
                RpcCallOutcome.WrongReplyCount, identity, agent, action, null, 0,
                $"received 0 responses while expecting a response from {identity}", dropped);
        }
        var body = reply.Body!;
        return body.StatusCode == StatusCode.Ok
            ? new RpcCallResult(RpcCallOutcome.Ok, identity, agent, action, reply, 1, null, dropped)
            : new RpcCallResult(RpcCallOutcome.NotOk, identity, agent, action, reply, 1,
                $"invalid response from {reply.Sender}: {body.StatusMessage} ({(int)body.StatusCode})", dropped);
    }

    /// <summary>
    /// Broadcasts a discovery ping to every node with <c>choria_provision</c> loaded and returns the identities
    /// (<c>mc_sender</c>) that answered. Collection ends at <paramref name="timeout"/> (default 2 s) or
    /// <paramref name="window"/> (default 300 ms) after the last answer, whichever comes first.
    /// Answers without a usable identity are ignored; <paramref name="invalidSender"/> hears why for each.
    /// </summary>
    public async Task<IReadOnlySet<string>> DiscoverAsync(
        TimeSpan? timeout = null, TimeSpan? window = null, Action<string>? invalidSender = null, CancellationToken cancellationToken = default)
    {
        var pings = new List<(string ReplySubject, byte[] Ping)>();
        var requestId = RequestIds.New();
        pings.Add((Subjects.Reply(options.EffectiveCallerId, requestId, options.Collective),
            _codec.EncodeDiscoveryPing(options.Identity, options.EffectiveCallerId, requestId, seenByUrl: options.SeenByUrl)));
        if (CallerV2() is { } caller)
        {
            var id = Ksuid.New(DateTimeOffset.UtcNow).ToString();
            pings.Add((Subjects.Reply(caller.CallerId, id, options.Collective),
                _codecV2.EncodeDiscoveryPing(options.Identity, caller, id, traceUrl: options.SeenByUrl)));
        }
        var found = new HashSet<string>(StringComparer.Ordinal);

        var subscriptions = new List<INatsSub<byte[]>>();
        try
        {
            foreach (var (replySubject, _) in pings)
            {
                subscriptions.Add(await connection.SubscribeCoreAsync<byte[]>(replySubject, cancellationToken: cancellationToken));
            }
            var pongs = Channel.CreateUnbounded<byte[]>();
            var readers = subscriptions.Select(sub => ForwardAsync(sub, pongs.Writer)).ToList();
            foreach (var (_, ping) in pings)
            {
                await connection.PublishAsync(Subjects.BroadcastAgent(AgentNames.Discovery, options.Collective), ping, cancellationToken: cancellationToken);
            }
            await CollectPongsAsync(pongs.Reader, found, timeout, window, invalidSender, cancellationToken);
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }
        return found;
    }

    // The transports to send for one call: in the protocol the node answered in, or in both while that is unknown.
    private List<(string RequestId, string CallerId, RentedTransport Transport)> Requests(string identity, string agent, string action, JsonElement data)
    {
        var requests = new List<(string, string, RentedTransport)>(2);
        var caller = CallerV2();
        var known = _protocols.Of(identity);
        if (caller is null || known != 2)
        {
            var requestId = RequestIds.New();
            requests.Add((requestId, options.EffectiveCallerId, _codec.EncodeRequestRented(new OutgoingRequest
            {
                Agent = agent,
                Action = action,
                Data = data,
                SenderId = options.Identity,
                CallerId = options.EffectiveCallerId,
                RequestId = requestId,
                Collective = options.Collective,
                Ttl = options.Ttl,
                ReplyTo = Subjects.Reply(options.EffectiveCallerId, requestId, options.Collective),
                SeenByUrl = options.SeenByUrl,
            })));
        }
        if (caller is not null && known != 1)
        {
            var requestId = Ksuid.New(DateTimeOffset.UtcNow).ToString();
            requests.Add((requestId, caller.CallerId, RentedTransport.Of(_codecV2.EncodeRequest(new OutgoingRequest
            {
                Agent = agent,
                Action = action,
                Data = data,
                SenderId = options.Identity,
                CallerId = caller.CallerId,
                RequestId = requestId,
                Collective = options.Collective,
                Ttl = options.Ttl,
                SeenByUrl = options.SeenByUrl,
            }, caller))));
        }
        return requests;
    }

    private IRequestSigner? CallerV2() => options.CallerV2?.Invoke();

    private static async Task ForwardAsync(INatsSub<byte[]> subscription, ChannelWriter<byte[]> pongs)
    {
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync())
            {
                pongs.TryWrite(message.Data ?? []);
            }
        }
        catch (ChannelClosedException)
        {
            // The subscription ended with the discovery round.
        }
    }

    private async Task CollectPongsAsync(
        ChannelReader<byte[]> pongs, HashSet<string> found, TimeSpan? timeout, TimeSpan? window, Action<string>? invalidSender, CancellationToken cancellationToken)
    {
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(timeout ?? options.DiscoveryTimeout);
        var slidingWindow = window ?? options.DiscoveryWindow;
        CancellationTokenSource? quiet = null;
        try
        {
            while (true)
            {
                var message = await NextAsync(pongs, quiet?.Token ?? overall.Token, cancellationToken);
                if (message is null)
                {
                    break;
                }
                try
                {
                    var version = ProtocolsV2.VersionOfTransport(message);
                    var sender = version == 2 ? _codecV2.ReadSender(message) : _codec.ReadSender(message);
                    var problem = NodeIdentity.Problem(sender);
                    if (problem is null)
                    {
                        found.Add(sender);
                        _protocols.Learn(sender, version);
                    }
                    else
                    {
                        invalidSender?.Invoke(problem);
                    }
                }
                catch (ChoriaProtocolException)
                {
                    // A malformed answer names no node; the next discovery round will ask again.
                }
                quiet?.Dispose();
                quiet = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
                quiet.CancelAfter(slidingWindow);
            }
        }
        finally
        {
            quiet?.Dispose();
        }
    }

    /// <summary>
    /// Subscribes once to <c>&lt;collective&gt;.reply.&lt;md5(callerid)&gt;.*</c> and hands each message to the call
    /// whose request id ends its subject; messages for no running call (late, or discovery's) are dropped, and
    /// the first one for an answered call is logged.
    /// </summary>
    private async ValueTask ListenForRepliesAsync(string callerId, CancellationToken cancellationToken)
    {
        if (IsListening(callerId))
        {
            return;
        }
        await _listening.WaitAsync(cancellationToken);
        try
        {
            if (IsListening(callerId))
            {
                return;
            }
            var subject = Subjects.AllReplies(callerId, options.Collective);
            var subscription = await connection.SubscribeCoreAsync<NatsMemoryOwner<byte>>(subject, cancellationToken: CancellationToken.None);
            lock (_replyLoops)
            {
                _replyLoops[callerId] = Task.Run(() => DispatchRepliesAsync(subscription), CancellationToken.None);
            }
        }
        finally
        {
            _listening.Release();
        }
    }

    private bool IsListening(string callerId)
    {
        lock (_replyLoops)
        {
            return _replyLoops.TryGetValue(callerId, out var loop) && !loop.IsCompleted;
        }
    }

    // Every member shares the caller's reply subjects, so most replies seen here are another member's: each is
    // matched and dropped without a copy of its bytes or its request id.
    private async Task DispatchRepliesAsync(INatsSub<NatsMemoryOwner<byte>> subscription)
    {
        await using var _ = subscription;
        var reader = subscription.Msgs;
        var calls = _calls.GetAlternateLookup<ReadOnlySpan<char>>();
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var message))
                {
                    var subject = message.Subject.AsSpan();
                    var requestId = subject[(subject.LastIndexOf('.') + 1)..];
                    var bytes = message.Data;
                    if (!calls.TryGetValue(requestId, out var call) || !call.TryWrite(bytes))
                    {
                        using (bytes)
                        {
                            AfterTheCall(requestId, bytes.Span);
                        }
                    }
                }
            }
        }
        catch (ChannelClosedException)
        {
            // The connection closed; the next call subscribes again.
        }
    }

    // Waits end by completing the call's inbox (timeout, caller's cancellation), never by throwing: an
    // OperationCanceledException per timed-out call would cost one exception each.
    private async Task<RpcReply?> FirstReplyAsync(
        Channel<NatsMemoryOwner<byte>> inbox, string identity, IReadOnlyList<string> requestIds, TimeSpan timeout, List<string> dropped, CancellationToken cancellationToken)
    {
        var writer = inbox.Writer;
        using var overall = new CancellationTokenSource(timeout);
        using var timedOut = overall.Token.UnsafeRegister(static w => ((ChannelWriter<NatsMemoryOwner<byte>>)w!).TryComplete(), writer);
        using var cancelled = cancellationToken.UnsafeRegister(static w => ((ChannelWriter<NatsMemoryOwner<byte>>)w!).TryComplete(), writer);
        while (await inbox.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (inbox.Reader.TryRead(out var message))
            {
                using (message)
                {
                    if (WellFormed(message.Span, identity, requestIds, dropped) is { } reply)
                    {
                        return reply;
                    }
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return null;
    }

    // A reply the call can take: its hash holds, it answers this request, it comes from the node asked, and its
    // body is an RPC reply. Anything else is recorded and skipped, so it cannot decide the call.
    private RpcReply? WellFormed(ReadOnlySpan<byte> message, string identity, IReadOnlyList<string> requestIds, List<string> dropped)
    {
        RpcReply reply;
        try
        {
            reply = Decode(message);
        }
        catch (ChoriaProtocolException e)
        {
            dropped.Add(e.Message);
            return null;
        }
        if (!requestIds.Contains(reply.RequestId))
        {
            dropped.Add($"reply from {reply.Sender} answers request {reply.RequestId}, not {string.Join(" or ", requestIds)}");
            return null;
        }
        if (reply.Sender != identity)
        {
            dropped.Add($"reply from {reply.Sender} ignored: the request was sent to {identity}");
            return null;
        }
        if (reply.Body is null)
        {
            dropped.Add($"reply from {reply.Sender}: not an RPC reply");
            return null;
        }
        return reply;
    }

    // A reply in either protocol, its hash verified.
    private RpcReply Decode(ReadOnlySpan<byte> message) =>
        ProtocolsV2.VersionOfTransport(message) == 2 ? RpcReply.Of(_codecV2.DecodeReply(message)) : RpcReply.Of(_codec.DecodeReply(message));

    // Marks the call answered before it stops taking messages, so that every later reply is seen as one: those
    // already in its inbox, and those the dispatcher finds no call (or a closed inbox) for.
    private void EndCall(string requestId, Channel<NatsMemoryOwner<byte>> inbox, (string Identity, string RpcName)? answered)
    {
        if (answered is { } call)
        {
            _answered.Add(requestId, call.Identity, call.RpcName);
        }
        _calls.TryRemove(requestId, out _);
        inbox.Writer.TryComplete();
        while (inbox.Reader.TryRead(out var leftover))
        {
            using (leftover)
            {
                AfterTheCall(requestId, leftover.Span);
            }
        }
    }

    // A reply for no running call: late, for a call that timed out, or discovery's; only a reply to a call that
    // took its answer is news, and only the first such one per call is logged.
    private void AfterTheCall(ReadOnlySpan<char> requestId, ReadOnlySpan<byte> message)
    {
        if (_answered.Take(requestId) is not { } call)
        {
            return;
        }
        string sender;
        try
        {
            sender = Decode(message).Sender;
        }
        catch (ChoriaProtocolException e)
        {
            sender = $"an unreadable reply ({e.Message})";
        }
        _log.LogWarning("ignored a later reply to {Rpc} for {Identity} (request {RequestId}) from {Sender}: the call took the first reply",
            call.RpcName, call.Identity, requestId.ToString(), sender);
    }

    private void LogDropped(string rpcName, string identity, List<string> dropped)
    {
        if (dropped.Count == 0)
        {
            return;
        }
        var shown = string.Join("; ", dropped.Take(LoggedReasons));
        _log.LogWarning("{Rpc} to {Identity}: ignored {Count} unusable replies: {Reasons}{More}",
            rpcName, identity, dropped.Count, shown, dropped.Count > LoggedReasons ? "; ..." : "");
    }

    // The next message's bytes, or null once the wait ends; only the caller's own cancellation throws.
    private static async Task<byte[]?> NextAsync(ChannelReader<byte[]> pongs, CancellationToken wait, CancellationToken cancellationToken)
    {
        try
        {
            return await pongs.ReadAsync(wait);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return null;
        }
    }
}
