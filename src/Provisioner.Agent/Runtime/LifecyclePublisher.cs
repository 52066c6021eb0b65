using NATS.Client.Core;
using Provisioner.Messages.Lifecycle;

namespace Provisioner.Agent.Runtime;

/// <summary>How a node puts a lifecycle event on the wire: as a CloudEvent on the event's own subject, as Choria servers publish it.</summary>
public static class LifecyclePublisher
{
    public static ValueTask PublishLifecycleAsync(this INatsConnection connection, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken) =>
        connection.PublishAsync(lifecycleEvent.Subject, LifecycleCodec.EncodeCloudEvent(lifecycleEvent), cancellationToken: cancellationToken);
}
