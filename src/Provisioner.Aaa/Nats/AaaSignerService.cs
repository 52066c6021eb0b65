using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Provisioner.Aaa.Signing;
using Provisioner.Messages.Wire;

namespace Provisioner.Aaa.Nats;

/// <summary>
/// The <c>aaa_signer</c> Choria service agent on the NATS network (AAA 0.6): every member subscribes to
/// <c>&lt;collective&gt;.broadcast.service.aaa_signer</c> in queue group <c>aaa_signer</c>, so one member answers each
/// request and the others take over when one is lost. The request to the service itself travels unsigned
/// (<c>insecure</c>); the JWT and the ed25519 signature in its data protect it.
/// </summary>
public sealed class AaaSignerService : IAsyncDisposable
{
    public const string SignAction = "sign";
    public const string Denied = "Request Denied";

    // Signing is CPU-bound (an RSA signature each); a few in flight keep the cores busy without queueing without bound.
    private const int MaxInFlight = 16;

    private readonly INatsConnection _nats;
    private readonly AaaService _service;
    private readonly string _identity;
    private readonly ChoriaCodec _codec;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private INatsSub<byte[]>? _subscription;
    private Task _loop = Task.CompletedTask;

    private AaaSignerService(INatsConnection nats, AaaService service, string identity, ChoriaCodec codec, ILogger logger)
    {
        _nats = nats;
        _service = service;
        _identity = identity;
        _codec = codec;
        _logger = logger;
    }

    /// <summary>Subscribes on <paramref name="collective"/> and answers until disposed; the subscription is in place when this returns.</summary>
    public static async Task<AaaSignerService> StartAsync(INatsConnection nats, AaaService service, string collective, string identity, TimeProvider clock, ILogger logger, CancellationToken cancellation = default)
    {
        var signer = new AaaSignerService(nats, service, identity, new ChoriaCodec(clock), logger);
        var subject = Subjects.BroadcastService(AgentNames.AaaSigner, collective);
        signer._subscription = await nats.SubscribeCoreAsync<byte[]>(subject, queueGroup: AgentNames.AaaSigner, cancellationToken: cancellation);
        await nats.PingAsync(cancellation);
        signer._loop = Task.Run(signer.ServeAsync, CancellationToken.None);
        return signer;
    }

    private async Task ServeAsync()
    {
        var running = new List<Task>();
        try
        {
            await foreach (var message in _subscription!.Msgs.ReadAllAsync(_stop.Token))
            {
                await _slots.WaitAsync(_stop.Token);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await AnswerAsync(message.Data ?? []);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        await Task.WhenAll(running);
    }

    private async Task AnswerAsync(byte[] transport)
    {
        DecodedRequest request;
        try
        {
            request = _codec.DecodeRequest(transport);
        }
        catch (ChoriaProtocolException e)
        {
            _logger.LogWarning("aaa_signer: dropped a request that is not a valid Choria request: {Error}", e.Message);
            return;
        }
        RpcReplyBody reply;
        try
        {
            reply = await ReplyAsync(request);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The audit trail could not record the decision: no answer may go out as if it had been.
            _logger.LogError("aaa_signer: request {RequestId} failed: {Error}", request.Envelope.RequestId, e.Message);
            AaaMetrics.SignerErrors.Inc();
            reply = RpcReplyBody.Failed(SignAction, StatusCode.UnknownError, $"signing failed: {e.Message}");
        }
        try
        {
            await _nats.PublishAsync(request.ReplyTo, _codec.EncodeReply(request, _identity, reply));
        }
        catch (NatsException e)
        {
            // The decision is already audited; a client that hears nothing asks again and the repeat is recognised.
            _logger.LogWarning("aaa_signer: could not answer request {RequestId}: {Error}", request.Envelope.RequestId, e.Message);
        }
    }

    private async Task<RpcReplyBody> ReplyAsync(DecodedRequest request)
    {
        if (request.Body is null)
        {
            return RpcReplyBody.Failed("", StatusCode.InvalidData, $"Could not parse request data for aaa_signer#sign: {request.BodyError}");
        }
        if (request.Body.Action != SignAction)
        {
            return RpcReplyBody.Failed(request.Body.Action, StatusCode.UnknownAction, $"Unknown action {request.Body.Action} for agent {AgentNames.AaaSigner}");
        }
        SignerRpcData data;
        try
        {
            data = request.Data.Deserialize(AaaJsonContext.Default.SignerRpcData) ?? throw new JsonException("data is null");
        }
        catch (JsonException e)
        {
            return RpcReplyBody.Failed(SignAction, StatusCode.InvalidData, $"Could not parse request data for aaa_signer#sign: {e.Message}");
        }
        var outcome = await _service.SignAsync(System.Text.Encoding.UTF8.GetBytes(data.Request ?? ""), data.Token ?? "", data.Signature ?? "");
        var output = JsonSerializer.SerializeToElement(new SignerRpcReply { SecureRequest = outcome.SecureRequest ?? "" }, AaaJsonContext.Default.SignerRpcReply);
        return outcome.Allowed
            ? RpcReplyBody.Ok(SignAction, output)
            : new RpcReplyBody(SignAction, StatusCode.Aborted, Denied, output);
    }

    public async ValueTask DisposeAsync()
    {
        // Unsubscribing ends the loop once the requests in hand are answered; cancelling only cuts short a wait for a slot.
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }
        await _loop;
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
