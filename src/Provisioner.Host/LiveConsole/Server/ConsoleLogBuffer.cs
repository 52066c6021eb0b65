using Akka.Actor;
using Akka.Event;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// An Akka logger that keeps log events in the member's <see cref="ConsoleLogRing"/>. Add
/// <see cref="LoggerTypeName"/> to <c>akka.loggers</c> to capture from the first line; otherwise
/// <see cref="ConsoleEndpoint.StartAsync"/> subscribes one to the event stream when the console starts.
/// </summary>
public sealed class ConsoleLogBuffer : ReceiveActor
{
    /// <summary>The value to list in <c>akka.loggers</c>.</summary>
    public const string LoggerTypeName = "Provisioner.Host.LiveConsole.ConsoleLogBuffer, provisioner";

    public ConsoleLogBuffer()
    {
        var ring = ConsoleLogRing.For(Context.System);
        ring.Fed = true;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => ring.Add(ConsoleLogEntry.From(e)));
    }
}
