using System.Text;
using System.Text.Json;

namespace Provisioner.Security.Issuance;

/// <summary>
/// An append-only record of every certificate and server JWT a member produced, one JSON line each, flushed to
/// disk before the credential is handed on: whatever a crash loses afterwards, the ledger still shows it. Each
/// member writes its own file in the ledger directory (appends from several processes to one file would
/// interleave), named after its address.
/// </summary>
public sealed class IssuanceLedger : IDisposable
{
    public const string FileExtension = ".jsonl";

    private readonly Lock _gate = new();
    private readonly FileStream _file;

    private IssuanceLedger(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    /// <summary>The file this member appends to.</summary>
    public string Path { get; }

    /// <summary>Opens (creating) this member's file in <paramref name="directory"/>.</summary>
    /// <param name="member">The member's address; its host and port name the file.</param>
    public static IssuanceLedger Open(string directory, string member)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, FileNameFor(member));
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        if (file.Length > 0 && LastByte(path) != '\n')
        {
            // A crash tore the last line: end it, so the next record starts a line of its own.
            file.WriteByte((byte)'\n');
            file.Flush(flushToDisk: true);
        }
        return new IssuanceLedger(path, file);
    }

    private static int LastByte(string path)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        reader.Seek(-1, SeekOrigin.End);
        return reader.ReadByte();
    }

    /// <summary>The file name for <paramref name="member"/>: its address with every character but letters, digits, '.' and '-' as '_'.</summary>
    public static string FileNameFor(string member)
    {
        var start = member.IndexOf('@') is var at and >= 0 ? at + 1 : 0;
        var name = new StringBuilder();
        foreach (var c in member.AsSpan(start))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        }
        return name + FileExtension;
    }

    /// <summary>Appends <paramref name="record"/> and waits until it is on disk.</summary>
    public void Append(IssuanceRecord record)
    {
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(record, IssuanceJsonContext.Default.IssuanceRecord), (byte)'\n'];
        lock (_gate)
        {
            _file.Write(line);
            _file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every record in every member's file in <paramref name="directory"/>; a torn last line (a crash mid-write) is skipped.</summary>
    public static IReadOnlyList<IssuanceRecord> ReadAll(string directory)
    {
        var records = new List<IssuanceRecord>();
        if (!Directory.Exists(directory))
        {
            return records;
        }
        foreach (var path in Directory.EnumerateFiles(directory, "*" + FileExtension).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (TryParse(line) is { } record)
                {
                    records.Add(record);
                }
            }
        }
        return records;
    }

    private static IssuanceRecord? TryParse(string line)
    {
        try
        {
            return string.IsNullOrWhiteSpace(line) ? null : JsonSerializer.Deserialize(line, IssuanceJsonContext.Default.IssuanceRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
