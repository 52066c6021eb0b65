using System.Collections.Concurrent;
using NATS.Client.Core;
using Provisioner.Messages.Wire;

namespace Provisioner.IntegrationTests.Rpc;

/// <summary>
/// A stand-in for a provisioning-mode Choria server: listens on its node subject and the discovery
/// broadcast, decodes each request with the codec and publishes whatever <c>respond</c> makes of it
/// to the request's reply-to. Discovery pings get a pong unless told otherwise.
/// </summary>
internal sealed class FakeChoriaNode : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public string Identity { get; }
    public ConcurrentQueue<(string Subject, string? NatsReplyTo, DecodedRequest Request)> Received { get; } = new();

    private FakeChoriaNode(NatsConnection connection, string identity)
    {
        _connection = connection;
        Identity = identity;
    }

    public static async Task<FakeChoriaNode> StartAsync(string url, string identity, Func<DecodedRequest, IEnumerable<byte[]>> respond)
    {
        var connection = new NatsConnection(new NatsOpts { Url = url });
        await connection.ConnectAsync();
        var node = new FakeChoriaNode(connection, identity);
        foreach (var subject in new[] { Subjects.NodeRequest(identity), Subjects.BroadcastAgent(AgentNames.Discovery) })
        {
            var subscription = await connection.SubscribeCoreAsync<byte[]>(subject);
            node._loops.Add(node.ServeAsync(subscription, respond));
        }
        await connection.PingAsync();
        return node;
    }

    /// <summary>A responder that answers every RPC request with <paramref name="body"/> and every ping with pong.</summary>
    public static Func<DecodedRequest, IEnumerable<byte[]>> Answering(string identity, Func<DecodedRequest, RpcReplyBody> body) =>
        request => [request.IsDiscoveryPing
            ? ChoriaCodec.Default.EncodeDiscoveryPong(request, identity)
            : ChoriaCodec.Default.EncodeReply(request, identity, body(request))];

    private async Task ServeAsync(INatsSub<byte[]> subscription, Func<DecodedRequest, IEnumerable<byte[]>> respond)
    {
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(_stop.Token))
            {
                var request = ChoriaCodec.Default.DecodeRequest(message.Data);
                Received.Enqueue((message.Subject, message.ReplyTo, request));
                foreach (var reply in respond(request))
                {
                    await _connection.PublishAsync(request.ReplyTo, reply);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
