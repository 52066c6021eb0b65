using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// The request loop the real agent and every simulated node run around a <see cref="NodeRuntime"/>: each message
/// on the subscription is answered by the node's current runtime, the answer's lifecycle events go out before its
/// reply (as Choria emits them), and the owner's <see cref="NodeRequestHooks"/> decide around each answer.
/// </summary>
public static class NodeRequestLoop
{
    /// <summary>
    /// Serves until cancelled or the connection fails; <paramref name="runtime"/> is asked for each message, because a
    /// node may boot again while it serves (null: the node does not answer now). Disposes the subscription at the end.
    /// </summary>
    public static async Task ServeAsync(
        BrokerLink link,
        INatsSub<byte[]> subscription,
        Func<NodeRuntime?> runtime,
        NodeRequestHooks hooks,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(cancellationToken))
            {
                if (runtime() is not { } current)
                {
                    continue;
                }
                var response = current.Handle(message.Data ?? [], link.Now());
                if (response.IsDropped)
                {
                    logger.LogDebug("{Identity} dropped a message on {Subject}: {Reason}", current.Identity, message.Subject, response.DropReason);
                    continue;
                }
                if (!await hooks.BeforeReply(response, cancellationToken))
                {
                    continue;
                }
                foreach (var lifecycleEvent in response.Events)
                {
                    await link.Connection.PublishLifecycleAsync(lifecycleEvent, cancellationToken);
                }
                await link.Connection.PublishAsync(response.ReplySubject!, response.Reply, cancellationToken: cancellationToken);
                await hooks.AfterReply(current, response, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            logger.LogWarning("Stopped serving {Subject}: {Error}", subscription.Subject, e.Message);
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }
}
