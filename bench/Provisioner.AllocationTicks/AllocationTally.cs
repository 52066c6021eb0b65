using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Provisioner.AllocationTicks;

/// <summary>
/// A trace's allocation ticks summed by type and by the first frame of the code that caused them (the project's,
/// Akka's, NATS's, DotNetty's or the ADO.NET provider's: the caller to change, not the framework method that
/// allocated), with the GCs seen in the same window: collections by generation and the time the runtime was paused.
/// A tick stands for the ~100 KB allocated since the last one, so shares are of bytes allocated, sampled.
/// </summary>
internal sealed class AllocationTally
{
    private static readonly string[] CallerPrefixes = ["Provisioner.", "Akka.", "NATS.", "DotNetty.", "Microsoft.Data."];

    private readonly Dictionary<string, double> _byType = [];
    private readonly Dictionary<string, double> _byCaller = [];
    private readonly Dictionary<int, int> _collections = [];
    private double _bytes;
    private double _pausedMs;
    private double _windowMs;

    public static AllocationTally Read(string nettrace)
    {
        var tally = new AllocationTally();
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(nettrace));
        double first = -1, last = 0, suspended = -1;
        foreach (var e in log.Events)
        {
            first = first < 0 ? e.TimeStampRelativeMSec : first;
            last = e.TimeStampRelativeMSec;
            switch (e)
            {
                case GCStartTraceData start:
                    tally._collections[start.Depth] = tally._collections.GetValueOrDefault(start.Depth) + 1;
                    break;
                case GCSuspendEETraceData:
                    suspended = e.TimeStampRelativeMSec;
                    break;
                case GCAllocationTickTraceData tick:
                    tally.Add(tick.TypeName, tick.AllocationAmount64, CallerOf(tick.CallStack()));
                    break;
                default:
                    // The runtime resumes after a GC: the pause is suspension to restart.
                    if (e.EventName == "GC/RestartEEStop" && suspended >= 0)
                    {
                        tally._pausedMs += e.TimeStampRelativeMSec - suspended;
                        suspended = -1;
                    }
                    break;
            }
        }
        tally._windowMs = last - first;
        return tally;
    }

    public string Report(int rows)
    {
        var text = new StringBuilder();
        var gcs = string.Join(", ", _collections.OrderBy(g => g.Key).Select(g => $"gen{g.Key} {g.Value}"));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"allocated (sampled) {_bytes / 1e6:F1} MB in {_windowMs / 1000:F1} s; GCs: {gcs}; paused {_pausedMs:F0} ms ({_pausedMs / Math.Max(1, _windowMs) * 100:F1}% of the window)");
        Section(text, "by type", _byType, rows);
        Section(text, "by type, at the first caller outside the runtime", _byCaller, rows);
        return text.ToString();
    }

    private void Add(string type, long bytes, string caller)
    {
        _bytes += bytes;
        _byType[type] = _byType.GetValueOrDefault(type) + bytes;
        var key = $"{type} @ {caller}";
        _byCaller[key] = _byCaller.GetValueOrDefault(key) + bytes;
    }

    private static string CallerOf(TraceCallStack? stack)
    {
        for (var frame = stack; frame is not null; frame = frame.Caller)
        {
            var method = frame.CodeAddress.FullMethodName;
            if (CallerPrefixes.Any(prefix => method.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return method;
            }
        }
        return "(runtime only)";
    }

    private void Section(StringBuilder text, string title, Dictionary<string, double> shares, int rows)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"== {title}");
        foreach (var (name, bytes) in shares.OrderByDescending(s => s.Value).Take(rows))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{bytes / _bytes * 100,6:F2}% {name}");
        }
    }
}
