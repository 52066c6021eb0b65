using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
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
public sealed class ChoriaRpcClient(INatsConnection connection, ChoriaRpcClientOptions options, ChoriaCodec? codec = null)
{
    private readonly ChoriaCodec _codec = codec ?? ChoriaCodec.Default;
    private readonly ConcurrentDictionary<string, ChannelWriter<byte[]>> _calls = new(StringComparer.Ordinal);
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
    /// (default: discovery timeout plus the agent's DDL timeout) for exactly one reply with status OK.
    /// After the first reply it listens <see cref="ChoriaRpcClientOptions.ReplyGrace"/> longer: go-choria stops as
    /// soon as it has the one reply it expects, but a second reply would mean two machines answer to one identity,
    /// which must fail the step rather than let either of them be provisioned, and a short grace catches that at
    /// little cost. Only cancellation throws; every other failure is a result.
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

        var replies = new List<DecodedReply>();
        var dropped = new List<string>();
        var inbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _calls[requestId] = inbox.Writer;
        try
        {
            await ListenForRepliesAsync(cancellationToken);
            await connection.PublishAsync(Subjects.NodeRequest(identity, options.Collective), transport, cancellationToken: cancellationToken);
            await CollectRepliesAsync(inbox, requestId, timeout ?? options.DiscoveryTimeout + AgentTimeouts.For(agent), replies, dropped, cancellationToken);
        }
        catch (NatsException e)
        {
            return new RpcCallResult(RpcCallOutcome.PublishFailed, identity, agent, action, null, 0, $"could not send {agent}#{action} to {identity}: {e.Message}", dropped);
        }
        finally
        {
            _calls.TryRemove(requestId, out _);
        }

        if (replies.Count != 1)
        {
            return new RpcCallResult(
                RpcCallOutcome.WrongReplyCount, identity, agent, action, replies.FirstOrDefault(), replies.Count,
                $"received {replies.Count} responses while expecting a response from {identity}", dropped);
        }
        var reply = replies[0];
        if (reply.Body is not { } body)
        {
            return new RpcCallResult(RpcCallOutcome.NotOk, identity, agent, action, reply, 1, $"invalid response from {reply.Sender}: not an RPC reply", dropped);
        }
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
    /// whose request id ends its subject; messages for no running call (late, or discovery's) are dropped.
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
                    if (_calls.TryGetValue(requestId, out var call))
                    {
                        call.TryWrite(message.Data ?? []);
                    }
                }
            }
        }
        catch (ChannelClosedException)
        {
            // The connection closed; the next call subscribes again.
        }
    }

    // Waits end by completing the call's inbox (timeout, grace, caller's cancellation), never by throwing: an
    // OperationCanceledException per grace window would cost one exception per step.
    private async Task CollectRepliesAsync(
        Channel<byte[]> inbox, string requestId, TimeSpan timeout, List<DecodedReply> replies, List<string> dropped, CancellationToken cancellationToken)
    {
        var writer = inbox.Writer;
        using var overall = new CancellationTokenSource(timeout);
        using var timedOut = overall.Token.UnsafeRegister(static w => ((ChannelWriter<byte[]>)w!).TryComplete(), writer);
        using var cancelled = cancellationToken.UnsafeRegister(static w => ((ChannelWriter<byte[]>)w!).TryComplete(), writer);
        CancellationTokenSource? grace = null;
        CancellationTokenRegistration graceEnded = default;
        try
        {
            while (replies.Count < 2 && await inbox.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (replies.Count < 2 && inbox.Reader.TryRead(out var message))
                {
                    try
                    {
                        var reply = _codec.DecodeReply(message);
                        if (reply.Envelope.RequestId != requestId)
                        {
                            dropped.Add($"reply from {reply.Sender} answers request {reply.Envelope.RequestId}, not {requestId}");
                            continue;
                        }
                        replies.Add(reply);
                    }
                    catch (ChoriaProtocolException e)
                    {
                        dropped.Add(e.Message);
                        continue;
                    }
                    if (replies.Count == 1)
                    {
                        if (options.ReplyGrace <= TimeSpan.Zero)
                        {
                            return;
                        }
                        grace = new CancellationTokenSource(options.ReplyGrace);
                        graceEnded = grace.Token.UnsafeRegister(static w => ((ChannelWriter<byte[]>)w!).TryComplete(), writer);
                    }
                }
            }
        }
        finally
        {
            graceEnded.Dispose();
            grace?.Dispose();
        }
        cancellationToken.ThrowIfCancellationRequested();
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
