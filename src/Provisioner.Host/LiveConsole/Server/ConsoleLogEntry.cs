using Akka.Event;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>One log event as the console keeps and shows it: no stack traces, only the exception's message.</summary>
public sealed record ConsoleLogEntry(DateTime Timestamp, LogLevel Level, string Source, string Message)
{
    public static ConsoleLogEntry From(LogEvent e)
    {
        var message = e.Message?.ToString() ?? "";
        if (e.Cause is { } cause)
        {
            message = $"{message} ({cause.GetType().Name}: {cause.Message})";
        }
        return new ConsoleLogEntry(e.Timestamp, e.LogLevel(), e.LogSource ?? "", message);
    }

    public string LevelName => Level switch
    {
        LogLevel.DebugLevel => "DEBUG",
        LogLevel.InfoLevel => "INFO",
        LogLevel.WarningLevel => "WARNING",
        _ => "ERROR",
    };

    public override string ToString() => $"{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {LevelName,-7} {Source}: {Message}";
}
