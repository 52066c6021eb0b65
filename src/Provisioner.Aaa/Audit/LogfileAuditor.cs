using System.Text;
using System.Text.Json;
using Provisioner.Security.Files;

namespace Provisioner.Aaa.Audit;

/// <summary>
/// The spec's <c>logfile</c> auditor: one JSON line per decision, keys sorted, appended to a 0600 file (plain text on
/// stdout when no path is set). The request text is written literally (Go passes it through printf). Like Go's
/// auditors it sees signing decisions only; logins are kept by the journal.
/// </summary>
public sealed class LogfileAuditor(string path, TextWriter? stdout = null) : IAuditSink
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync(AuditRecord record, CancellationToken cancellation)
    {
        if (record.Kind != AuditKind.Sign)
        {
            return;
        }
        if (string.IsNullOrEmpty(path))
        {
            await (stdout ?? Console.Out).WriteLineAsync($"{record.Time:O} {record.Site} {record.Action} {record.Caller}: {record.Request}");
            return;
        }
        var line = Line(record);
        await _gate.WaitAsync(cancellation);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileModes.Secret;
            }
            await using var file = new FileStream(path, options);
            await file.WriteAsync(line, cancellation);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The JSON line for <paramref name="record"/>, keys in sorted order as logrus writes them.</summary>
    public static byte[] Line(AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Provisioner.Messages.Wire.GoJsonEncoder.Instance }))
        {
            json.WriteStartObject();
            json.WriteString("action", record.Action);
            json.WriteString("auditor", "logfile");
            json.WriteString("caller", record.Caller);
            json.WriteString("level", "info");
            json.WriteString("msg", record.Request);
            json.WriteString("site", record.Site);
            json.WriteString("time", record.Time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.ToArray();
    }
}
