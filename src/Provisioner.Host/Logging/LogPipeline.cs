using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Provisioner.Actors.Cluster;

namespace Provisioner.Host.Logging;

/// <summary>
/// One log pipeline per command: a Microsoft.Extensions.Logging factory writing through <see cref="LogLineWriter"/> to
/// the command's stream or to <see cref="LogSettings.File"/>. Akka is bridged into it (<see cref="AkkaLogBridge"/>),
/// not the reverse: NATS.Net, the agent, the fleet simulator and everything else here already log through
/// Microsoft.Extensions.Logging, and Akka's <c>akka.loggers</c> exists to plug such a bridge in, so one adapter covers
/// the lot and the rest of the code keeps the .NET logging interface.
/// </summary>
public sealed class LogPipeline : IDisposable
{
    private readonly StreamWriter? _file;

    private LogPipeline(LogSettings settings, ILoggerFactory loggers, StreamWriter? file)
    {
        Settings = settings;
        Loggers = loggers;
        _file = file;
    }

    public LogSettings Settings { get; }

    public ILoggerFactory Loggers { get; }

    /// <summary>Opens the pipeline; lines go to <see cref="LogSettings.File"/> (appended) when set, else to <paramref name="console"/>.</summary>
    /// <exception cref="IOException">The log file cannot be opened; the message names it.</exception>
    public static LogPipeline Open(LogSettings settings, TextWriter console)
    {
        StreamWriter? file = null;
        if (settings.File.Length > 0)
        {
            try
            {
                file = new StreamWriter(new FileStream(settings.File, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new IOException($"log file {settings.File}: cannot open it: {e.Message}", e);
            }
        }
        var writer = new LogLineWriter(file ?? console, settings.Format);
        var loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(settings.Level)
            // NATS.Net logs every connect and reconnect at Information; below warnings they are for debugging.
            .AddFilter("NATS", settings.Level <= LogLevel.Debug ? settings.Level : LogLevel.Warning)
            .AddProvider(writer));
        return new LogPipeline(settings, loggers, file);
    }

    /// <summary>
    /// Akka's side of the bridge, for a system whose setup carries a <see cref="LoggerFactorySetup"/>: Akka filters at
    /// the same level, its events go to <see cref="AkkaLogBridge"/> (and to <paramref name="moreLoggers"/>, such as the
    /// console's ring), and its own stdout logger, which prints in Akka's format while loggers start and stop, is off.
    /// </summary>
    public static Config AkkaConfig(LogLevel level, params string[] moreLoggers) =>
        ProvisionerConfig.Value("akka.loglevel", AkkaLevel(level))
            .WithFallback(ProvisionerConfig.Value("akka.stdout-loglevel", "OFF"))
            .WithFallback(ProvisionerConfig.Value("akka.loggers", new[] { AkkaLogBridge.LoggerTypeName }.Concat(moreLoggers).ToArray()));

    private static string AkkaLevel(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        _ => "ERROR",
    };

    public void Dispose()
    {
        Loggers.Dispose();
        _file?.Dispose();
    }
}
