using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Provisioner.Host.Logging;

/// <summary>
/// An Akka logger (listed in <c>akka.loggers</c>, see <see cref="LogPipeline.AkkaConfig"/>) that hands every Akka log
/// event to the <see cref="ILoggerFactory"/> of the system's <see cref="LoggerFactorySetup"/>, under the category of
/// the class that logged it, with the actor path as <c>source</c>. Without the setup it drops the events: a system
/// built without one asked for no logging.
/// </summary>
public sealed class AkkaLogBridge : ReceiveActor
{
    /// <summary>The value to list in <c>akka.loggers</c>, taken from the type so a rename cannot leave it dangling.</summary>
    public static string LoggerTypeName { get; } = $"{typeof(AkkaLogBridge).FullName}, {typeof(AkkaLogBridge).Assembly.GetName().Name}";

    private const string AkkaCategory = "Akka";

    public AkkaLogBridge()
    {
        var loggers = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        var factory = loggers.HasValue ? loggers.Value.Loggers : null;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Forward(factory, e));
    }

    private static void Forward(ILoggerFactory? factory, LogEvent e)
    {
        if (factory is null)
        {
            return;
        }
        var logger = factory.CreateLogger(e.LogClass?.FullName ?? AkkaCategory);
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
            _ => Microsoft.Extensions.Logging.LogLevel.Error,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }
        var message = e.Message?.ToString() ?? "";
        IReadOnlyList<KeyValuePair<string, object?>> values = [new("source", e.LogSource), new("thread", e.Thread.ManagedThreadId)];
        logger.Log(level, default, values, e.Cause, (_, _) => message);
    }
}
