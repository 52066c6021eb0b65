using Microsoft.Extensions.Logging;

namespace Provisioner.Host.Logging;

/// <summary>
/// Where a command's log lines go and which: the least level written, the format, and a file (empty: the command's
/// own stream). The one parser of the words <c>--log-level</c>, <c>--log-format</c>, <c>PROVISIONER_LOG_*</c>,
/// <c>provisioner.log { }</c> and Choria's <c>loglevel</c> accept.
/// </summary>
public sealed record LogSettings(LogLevel Level, LogFormat Format, string File)
{
    /// <summary>The words <c>--log-level</c> accepts; Choria's <c>warn</c> and <c>fatal</c> are accepted too.</summary>
    public static readonly IReadOnlyList<string> LevelNames = ["trace", "debug", "info", "warning", "error"];

    public static readonly IReadOnlyList<string> FormatNames = ["text", "json"];

    public static LogSettings Default { get; } = new(LogLevel.Information, LogFormat.Text, "");

    /// <exception cref="FormatException">Not one of <see cref="LevelNames"/>, <c>warn</c> or <c>fatal</c>.</exception>
    public static LogLevel ParseLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => throw new FormatException($"'{text}' is not {string.Join(", ", LevelNames.SkipLast(1))} or {LevelNames[^1]}"),
    };

    /// <exception cref="FormatException">Not text or json.</exception>
    public static LogFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new FormatException($"'{text}' is not text or json"),
    };

    /// <summary>The level as the flag spells it.</summary>
    public static string NameOf(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    public override string ToString() =>
        $"level {NameOf(Level)}, format {(Format == LogFormat.Json ? "json" : "text")}, file {(File.Length == 0 ? "(none)" : File)}";
}
