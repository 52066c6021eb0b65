using System.Threading.Channels;
using Akka.Actor;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary>
/// Short-lived actors that hand every message they receive to async code through a channel: how a console
/// command subscribes to cluster events or collects <c>Identify</c> answers without an actor of its own.
/// </summary>
internal static class ChannelForwarder
{
    /// <summary>Starts a forwarder and the bounded channel it writes to; the oldest message is dropped when a reader lags.</summary>
    public static (IActorRef Actor, ChannelReader<object> Reader) Start(ActorSystem system, int capacity = 1024)
    {
        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var actor = system.ActorOf(Props.Create(() => new Forwarder(channel.Writer)));
        return (actor, channel.Reader);
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(ChannelWriter<object> writer) => ReceiveAny(message => writer.TryWrite(message));
    }
}
