using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;

namespace Provisioner.Actors.Rpc;

/// <summary>
/// The provisioner's side of Choria RPC over NATS: direct requests to one node and the discovery broadcast.
/// Replies are routed by the transport's <c>reply-to</c> header alone, so the client listens on the reply
/// subject before publishing a plain PUB (no NATS reply subject), exactly as go-choria does.
/// Direct calls share one wildcard subscription on this caller's reply subjects and are matched to their
/// reply subject's last token (the request id): a subscription per call cost a SUB and an UNSUB per step.
/// </summary>
public sealed class ChoriaRpcClient(INatsConnection connection, ChoriaRpcClientOptions options, ChoriaCodec? codec = null, ILogger? logger = null)
{
    // Replies that cannot be used are logged per call; a burst of them names this many reasons, then a count.
    private const int LoggedReasons = 3;

    private readonly ChoriaCodec _codec = codec ?? ChoriaCodec.Default;
    private readonly ILogger _log = logger ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, ChannelWriter<byte[]>> _calls = new(StringComparer.Ordinal);
    private readonly AnsweredCalls _answered = new();
    private readonly SemaphoreSlim _listening = new(1, 1);
    private Task? _replyLoop;

    public ChoriaRpcClientOptions Options => options;

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

        var requestId = RequestIds.New();
        var replySubject = Subjects.Reply(options.EffectiveCallerId, requestId, options.Collective);
        var transport = _codec.EncodeRequest(new OutgoingRequest
        {
            Agent = agent,
            Action = action,
            Data = data,
            SenderId = options.Identity,
            CallerId = options.EffectiveCallerId,
            RequestId = requestId,
            Collective = options.Collective,
            Ttl = options.Ttl,
            ReplyTo = replySubject,
            SeenByUrl = options.SeenByUrl,
        });

        var rpcName = $"{agent}#{action}";
        DecodedReply? reply = null;
        var dropped = new List<string>();
        var inbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _calls[requestId] = inbox.Writer;
        try
        {
            await ListenForRepliesAsync(cancellationToken);
            await connection.PublishAsync(Subjects.NodeRequest(identity, options.Collective), transport, cancellationToken: cancellationToken);
            reply = await FirstReplyAsync(inbox, identity, requestId, timeout ?? options.DiscoveryTimeout + AgentTimeouts.For(agent), dropped, cancellationToken);
        }
        catch (NatsException e)
        {
            return new RpcCallResult(RpcCallOutcome.PublishFailed, identity, agent, action, null, 0, $"could not send {agent}#{action} to {identity}: {e.Message}", dropped);
        }
        finally
        {
            EndCall(requestId, inbox, reply is null ? null : (identity, rpcName));
            LogDropped(rpcName, identity, dropped);
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
        var requestId = RequestIds.New();
        var replySubject = Subjects.Reply(options.EffectiveCallerId, requestId, options.Collective);
        var ping = _codec.EncodeDiscoveryPing(options.Identity, options.EffectiveCallerId, requestId, seenByUrl: options.SeenByUrl);
        var found = new HashSet<string>(StringComparer.Ordinal);

        await using var subscription = await connection.SubscribeCoreAsync<byte[]>(replySubject, cancellationToken: cancellationToken);
        await connection.PublishAsync(Subjects.BroadcastAgent(AgentNames.Discovery, options.Collective), ping, cancellationToken: cancellationToken);

        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(timeout ?? options.DiscoveryTimeout);
        var slidingWindow = window ?? options.DiscoveryWindow;
        CancellationTokenSource? quiet = null;
        try
        {
            while (true)
            {
                var message = await NextAsync(subscription, quiet?.Token ?? overall.Token, cancellationToken);
                if (message is null)
                {
                    break;
                }
                try
                {
                    var sender = _codec.ReadSender(message);
                    var problem = NodeIdentity.Problem(sender);
                    if (problem is null)
                    {
                        found.Add(sender);
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
        return found;
    }

    /// <summary>
    /// Subscribes once to <c>&lt;collective&gt;.reply.&lt;md5(callerid)&gt;.*</c> and hands each message to the call
    /// whose request id ends its subject; messages for no running call (late, or discovery's) are dropped, and
    /// the first one for an answered call is logged.
    /// </summary>
    private async ValueTask ListenForRepliesAsync(CancellationToken cancellationToken)
    {
        if (_replyLoop is { IsCompleted: false })
        {
            return;
        }
        await _listening.WaitAsync(cancellationToken);
        try
        {
            if (_replyLoop is { IsCompleted: false })
            {
                return;
            }
            var subject = Subjects.AllReplies(options.EffectiveCallerId, options.Collective);
            var subscription = await connection.SubscribeCoreAsync<byte[]>(subject, cancellationToken: CancellationToken.None);
            _replyLoop = Task.Run(() => DispatchRepliesAsync(subscription), CancellationToken.None);
        }
        finally
        {
            _listening.Release();
        }
    }

    private async Task DispatchRepliesAsync(INatsSub<byte[]> subscription)
    {
        await using var _ = subscription;
        var reader = subscription.Msgs;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var message))
                {
                    var subject = message.Subject;
                    var requestId = subject[(subject.LastIndexOf('.') + 1)..];
                    var bytes = message.Data ?? [];
                    if (!_calls.TryGetValue(requestId, out var call) || !call.TryWrite(bytes))
                    {
                        AfterTheCall(requestId, bytes);
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
    private async Task<DecodedReply?> FirstReplyAsync(
        Channel<byte[]> inbox, string identity, string requestId, TimeSpan timeout, List<string> dropped, CancellationToken cancellationToken)
    {
        var writer = inbox.Writer;
        using var overall = new CancellationTokenSource(timeout);
        using var timedOut = overall.Token.UnsafeRegister(static w => ((ChannelWriter<byte[]>)w!).TryComplete(), writer);
        using var cancelled = cancellationToken.UnsafeRegister(static w => ((ChannelWriter<byte[]>)w!).TryComplete(), writer);
        while (await inbox.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (inbox.Reader.TryRead(out var message))
            {
                if (WellFormed(message, identity, requestId, dropped) is { } reply)
                {
                    return reply;
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return null;
    }

    // A reply the call can take: its hash holds, it answers this request, it comes from the node asked, and its
    // body is an RPC reply. Anything else is recorded and skipped, so it cannot decide the call.
    private DecodedReply? WellFormed(byte[] message, string identity, string requestId, List<string> dropped)
    {
        DecodedReply reply;
        try
        {
            reply = _codec.DecodeReply(message);
        }
        catch (ChoriaProtocolException e)
        {
            dropped.Add(e.Message);
            return null;
        }
        if (reply.Envelope.RequestId != requestId)
        {
            dropped.Add($"reply from {reply.Sender} answers request {reply.Envelope.RequestId}, not {requestId}");
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

    // Marks the call answered before it stops taking messages, so that every later reply is seen as one: those
    // already in its inbox, and those the dispatcher finds no call (or a closed inbox) for.
    private void EndCall(string requestId, Channel<byte[]> inbox, (string Identity, string RpcName)? answered)
    {
        if (answered is { } call)
        {
            _answered.Add(requestId, call.Identity, call.RpcName);
        }
        _calls.TryRemove(requestId, out _);
        inbox.Writer.TryComplete();
        while (inbox.Reader.TryRead(out var leftover))
        {
            AfterTheCall(requestId, leftover);
        }
    }

    // A reply for no running call: late, for a call that timed out, or discovery's; only a reply to a call that
    // took its answer is news, and only the first such one per call is logged.
    private void AfterTheCall(string requestId, byte[] message)
    {
        if (_answered.Take(requestId) is not { } call)
        {
            return;
        }
        string sender;
        try
        {
            sender = _codec.DecodeReply(message).Sender;
        }
        catch (ChoriaProtocolException e)
        {
            sender = $"an unreadable reply ({e.Message})";
        }
        _log.LogWarning("ignored a later reply to {Rpc} for {Identity} (request {RequestId}) from {Sender}: the call took the first reply",
            call.RpcName, call.Identity, requestId, sender);
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
    private static async Task<byte[]?> NextAsync(INatsSub<byte[]> subscription, CancellationToken wait, CancellationToken cancellationToken)
    {
        try
        {
            var message = await subscription.Msgs.ReadAsync(wait);
            return message.Data ?? [];
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
