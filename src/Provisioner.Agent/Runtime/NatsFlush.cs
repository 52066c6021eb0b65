using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// Waits for the server to have everything published so far, before a connection is disposed: disposing drops
/// what is still buffered, such as a node's last lifecycle event. Best effort, at most 5 s.
/// </summary>
public static class NatsFlush
{
    public static async Task FlushQuietlyAsync(this NatsConnection connection, ILogger logger)
    {
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await connection.PingAsync(wait.Token);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug("Could not flush before disconnecting: {Error}", e.Message);
        }
    }
}
