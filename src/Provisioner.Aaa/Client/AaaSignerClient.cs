using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using Provisioner.Aaa.Nats;
using Provisioner.Aaa.Signing;
using Provisioner.Aaa.Tokens;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;

namespace Provisioner.Aaa.Client;

/// <summary>
/// Asks the <c>aaa_signer</c> service over NATS to sign a request, as go-choria's RPC remote signer does: the request
/// to the service is itself unsigned; its data carries the request text, the client's signature over it and the JWT.
/// Exactly one reply is expected.
/// </summary>
public sealed class AaaSignerClient(INatsConnection nats, string collective, string senderId, TimeProvider clock)
{
    /// <summary>How long to wait for the one reply (the DDL's 10 s).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ChoriaCodec _codec = new(clock);

    /// <summary>Signs <paramref name="request"/> with <paramref name="seed"/> and returns the secure request JSON.</summary>
    /// <exception cref="AaaClientException"><c>signing failed: &lt;statusmsg&gt;</c>, or no reply in time.</exception>
    public Task<string> SignAsync(string request, string token, Ed25519KeyPair seed, CancellationToken cancellation = default) =>
        SignAsync(request, token, Convert.ToHexStringLower(seed.Sign(Encoding.UTF8.GetBytes(request))), cancellation);

    /// <summary>Sends an already signed request (<paramref name="signatureHex"/> over its UTF-8 bytes) and returns the secure request JSON.</summary>
    public async Task<string> SignAsync(string request, string token, string signatureHex, CancellationToken cancellation = default)
    {
        var callerId = ClientTokens.ReadUnverified(token).CallerId ?? "";
        var requestId = RequestIds.New();
        var data = JsonSerializer.SerializeToElement(new SignerRpcData { Request = request, Signature = signatureHex, Token = token }, AaaJsonContext.Default.SignerRpcData);
        var transport = _codec.EncodeRequest(new OutgoingRequest
        {
            Agent = AgentNames.AaaSigner,
            Action = AaaSignerService.SignAction,
            Data = data,
            SenderId = senderId,
            CallerId = callerId,
            RequestId = requestId,
            Collective = collective,
        });
        var replyTo = Subjects.Reply(callerId, requestId, collective);
        await using var replies = await nats.SubscribeCoreAsync<byte[]>(replyTo, cancellationToken: cancellation);
        await nats.PublishAsync(Subjects.BroadcastService(AgentNames.AaaSigner, collective), transport, cancellationToken: cancellation);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        wait.CancelAfter(Timeout);
        NatsMsg<byte[]> message;
        try
        {
            message = await replies.Msgs.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new AaaClientException("expected 1 response received 0");
        }
        var reply = _codec.DecodeReply(message.Data ?? []);
        if (reply.Body is not { } body || body.StatusCode != StatusCode.Ok)
        {
            throw new AaaClientException($"signing failed: {reply.Body?.StatusMessage ?? "no reply body"}");
        }
        var output = body.Data.Deserialize(AaaJsonContext.Default.SignerRpcReply);
        return string.IsNullOrEmpty(output?.SecureRequest)
            ? throw new AaaClientException("signing failed: the reply holds no secure_request")
            : output.SecureRequest;
    }
}
