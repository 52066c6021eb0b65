using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Provisioner.Host.Logging;

/// <summary>
/// The one place log lines get their shape, for the member (Akka's events arrive through <see cref="AkkaLogBridge"/>),
/// the agent and the fleet simulator. Text: <c>2026-01-02T03:04:05.678Z INFO  Category: message</c>. JSON, one object
/// a line: <c>time</c>, <c>level</c>, <c>logger</c>, <c>msg</c>, the message's named values, and <c>exception</c>.
/// What is logged is the callers' care: none of them logs secrets.
/// </summary>
public sealed class LogLineWriter(TextWriter writer, LogFormat format, TimeProvider? clock = null) : ILoggerProvider
{
    private const string OriginalFormat = "{OriginalFormat}";
    private static readonly string[] Reserved = ["time", "level", "logger", "msg", "exception"];
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, IEnumerable<KeyValuePair<string, object?>> values, Exception? exception)
    {
        var time = _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var line = format == LogFormat.Json ? Json(time, level, category, message, values, exception) : Text(time, level, category, message, exception);
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Text(string time, LogLevel level, string category, string message, Exception? exception)
    {
        var line = $"{time} {TextLevel(level),-5} {category[(category.LastIndexOfAny(['.', '+']) + 1)..]}: {message}";
        return exception is null ? line : $"{line} ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
    }

    private static string Json(string time, LogLevel level, string category, string message, IEnumerable<KeyValuePair<string, object?>> values, Exception? exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", time);
            json.WriteString("level", LogSettings.NameOf(level));
            json.WriteString("logger", category);
            json.WriteString("msg", message);
            foreach (var (name, value) in values)
            {
                if (name == OriginalFormat || Reserved.Contains(name))
                {
                    continue;
                }
                switch (value)
                {
                    case null:
                        json.WriteNull(name);
                        break;
                    case bool b:
                        json.WriteBoolean(name, b);
                        break;
                    case int or long or short or byte or uint or ulong or ushort:
                        json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                        break;
                    case double or float or decimal:
                        json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                        break;
                    default:
                        json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }
            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string TextLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    private sealed class Logger(LogLineWriter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // The factory's filters decide the level; a line that reaches here is written.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, formatter(state, exception), state as IEnumerable<KeyValuePair<string, object?>> ?? [], exception);
            }
        }
    }
}
