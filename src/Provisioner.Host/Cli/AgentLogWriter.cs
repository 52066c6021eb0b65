using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Provisioner.Host.Cli;

/// <summary>
/// Plain log lines for the agent and the fleet simulator, written to the command's error writer
/// (<c>HH:mm:ss LEVEL category: message</c>). What gets logged is the callers' care: none of them logs secrets.
/// </summary>
internal sealed class AgentLogWriter(TextWriter writer, LogLevel minimum) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly LogLevel _minimum = minimum;

    public static ILoggerFactory Factory(TextWriter writer, LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(minimum).AddProvider(new AgentLogWriter(writer, minimum)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message)
    {
        var line = $"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {Name(level),-5} {category}: {message}";
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    private sealed class Logger(AgentLogWriter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, formatter(state, exception) + (exception is null ? "" : $" ({exception.Message})"));
            }
        }
    }
}
