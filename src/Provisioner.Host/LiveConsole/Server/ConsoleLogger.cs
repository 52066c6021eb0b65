using Akka.Actor;
using Akka.Event;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// An Akka logger actor that feeds the member's <see cref="ConsoleLogRing"/> with every log event. List
/// <see cref="LoggerTypeName"/> in <c>akka.loggers</c> to capture from the first line; otherwise
/// <see cref="ConsoleEndpoint.StartAsync"/> subscribes one to the event stream when the console starts.
/// </summary>
public sealed class ConsoleLogger : ReceiveActor
{
    /// <summary>
    /// The value to list in <c>akka.loggers</c>: the type's full name and assembly, taken from the type itself so
    /// that a rename or move cannot leave the configured name pointing at nothing.
    /// </summary>
    public static string LoggerTypeName { get; } = $"{typeof(ConsoleLogger).FullName}, {typeof(ConsoleLogger).Assembly.GetName().Name}";

    public ConsoleLogger()
    {
        var ring = ConsoleLogRing.For(Context.System);
        ring.Fed = true;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => ring.Add(ConsoleLogEntry.From(e)));
    }
}
