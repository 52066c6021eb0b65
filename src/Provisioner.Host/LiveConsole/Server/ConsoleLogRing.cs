using System.Threading.Channels;
using Akka.Actor;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// The member's recent log lines (the last <c>provisioner.console.log-lines</c>, 1000 by default) for
/// <c>log recent</c>, and live subscribers for <c>log tail</c>. One per actor system (an Akka extension);
/// filled by <see cref="ConsoleLogger"/>.
/// </summary>
public sealed class ConsoleLogRing : IExtension
{
    private const int SubscriberBuffer = 1024;
    private readonly Lock _lock = new();
    private readonly ConsoleLogEntry?[] _entries;
    private readonly List<ChannelWriter<ConsoleLogEntry>> _subscribers = [];
    private long _written;

    public ConsoleLogRing(int capacity) => _entries = new ConsoleLogEntry?[Math.Max(1, capacity)];

    public int Capacity => _entries.Length;

    /// <summary>True once a <see cref="ConsoleLogger"/> feeds this ring.</summary>
    internal bool Fed { get; set; }

    public static ConsoleLogRing For(ActorSystem system) => system.WithExtension<ConsoleLogRing, Provider>();

    /// <summary>Subscribes a <see cref="ConsoleLogger"/> to the event stream unless one already runs as a configured logger.</summary>
    internal static void EnsureFed(ActorSystem system)
    {
        var ring = For(system);
        lock (ring._lock)
        {
            if (ring.Fed)
            {
                return;
            }
            ring.Fed = true;
        }
        var logger = system.ActorOf(Props.Create<ConsoleLogger>(), "console-logger");
        system.EventStream.Subscribe(logger, typeof(Akka.Event.LogEvent));
    }

    public void Add(ConsoleLogEntry entry)
    {
        lock (_lock)
        {
            _entries[_written++ % _entries.Length] = entry;
            foreach (var subscriber in _subscribers)
            {
                subscriber.TryWrite(entry);
            }
        }
    }

    /// <summary>The last <paramref name="count"/> entries, oldest first.</summary>
    public IReadOnlyList<ConsoleLogEntry> Recent(int count)
    {
        lock (_lock)
        {
            var available = (int)Math.Min(_written, _entries.Length);
            var take = Math.Min(count, available);
            var recent = new List<ConsoleLogEntry>(take);
            for (var i = _written - take; i < _written; i++)
            {
                recent.Add(_entries[i % _entries.Length]!);
            }
            return recent;
        }
    }

    /// <summary>Every entry added from now on, until the returned handle is disposed; a lagging reader loses the oldest.</summary>
    public (ChannelReader<ConsoleLogEntry> Entries, IDisposable Subscription) Subscribe()
    {
        var channel = Channel.CreateBounded<ConsoleLogEntry>(new BoundedChannelOptions(SubscriberBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add(channel.Writer);
        }
        return (channel.Reader, new Unsubscribe(this, channel.Writer));
    }

    private sealed class Unsubscribe(ConsoleLogRing ring, ChannelWriter<ConsoleLogEntry> writer) : IDisposable
    {
        public void Dispose()
        {
            lock (ring._lock)
            {
                ring._subscribers.Remove(writer);
            }
            writer.TryComplete();
        }
    }

    private sealed class Provider : ExtensionIdProvider<ConsoleLogRing>
    {
        public override ConsoleLogRing CreateExtension(ExtendedActorSystem system) =>
            new(system.Settings.Config.GetInt("provisioner.console.log-lines", 1000));
    }
}
