using NATS.Client.Core;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>Reads the next message of a subscription with a generous timeout.</summary>
public static class Messages
{
    public static async Task<NatsMsg<string>> NextAsync(INatsSub<string> subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await subscription.Msgs.ReadAsync(timeout.Token);
    }
}
