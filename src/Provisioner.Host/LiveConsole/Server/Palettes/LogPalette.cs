using Akka.Event;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Server.Palettes;

/// <summary><c>log</c>: this member's recent log lines and a live tail, from its <see cref="ConsoleLogRing"/>.</summary>
public sealed class LogPalette(ConsoleLogRing ring) : ICommandPalette
{
    private static readonly IReadOnlyList<string> Levels = ["debug", "info", "warning", "error"];
    private static readonly CommandArgument LevelOption = CommandArgument.Option("--level", "Only this level and above", Levels);

    public string Name => "log";

    public string Help => "This member's log: recent lines and a live tail";

    public IReadOnlyList<ConsoleCommand> Commands =>
    [
        new("recent", $"The last N log lines (default 50, at most {ring.Capacity})",
            [CommandArgument.OptionalPositional("N", "How many lines"), LevelOption], RecentAsync),
        new("tail", "Log lines as they are written", [LevelOption], TailAsync) { Streaming = true },
    ];

    private async Task RecentAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var count = invocation.Int("N", 50, 1, ring.Capacity);
        var minimum = MinimumLevel(invocation);
        var lines = ring.Recent(ring.Capacity).Where(e => e.Level >= minimum).TakeLast(count);
        foreach (var entry in lines)
        {
            await invocation.LineAsync(entry.ToString(), cancellation);
        }
    }

    private async Task TailAsync(CommandInvocation invocation, CancellationToken cancellation)
    {
        var minimum = MinimumLevel(invocation);
        var (entries, subscription) = ring.Subscribe();
        using (subscription)
        {
            await foreach (var entry in entries.ReadAllAsync(cancellation))
            {
                if (entry.Level >= minimum)
                {
                    await invocation.LineAsync(entry.ToString(), cancellation);
                }
            }
        }
    }

    private static LogLevel MinimumLevel(CommandInvocation invocation) => invocation.Optional("--level") switch
    {
        "debug" or null => LogLevel.DebugLevel,
        "info" => LogLevel.InfoLevel,
        "warning" => LogLevel.WarningLevel,
        _ => LogLevel.ErrorLevel,
    };
}
