using System.Globalization;
using Provisioner.Agent.Files;
using Provisioner.Security.Files;

namespace Provisioner.Agent.Config;

/// <summary>
/// Writes a configuration as <c>configure</c> must: a header comment and one <c>key=value</c> line per
/// setting (sorted, so the file is reproducible) into a temporary file beside the target, re-parsed and
/// compared with what was meant, then renamed over the target. A crash leaves the old file or the new one,
/// never half of either, and a setting that would not read back as written (a line break smuggling in
/// another key) is refused before anything changes.
/// </summary>
public static class ServerConfigWriter
{
    /// <summary>Writes <paramref name="settings"/> to <paramref name="path"/> and returns the number of lines written, header included.</summary>
    /// <exception cref="ServerConfigException">A key or value cannot be written as a line, or the file does not read back as written.</exception>
    public static int Write(INodeFileStore files, string path, IReadOnlyDictionary<string, string> settings, string header)
    {
        foreach (var (key, value) in settings)
        {
            CheckLine(key, value);
        }
        var lines = new List<string> { "# " + header.ReplaceLineEndings(" ") };
        lines.AddRange(settings.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var text = string.Join('\n', lines) + "\n";

        var directory = Path.GetDirectoryName(path) ?? throw new ServerConfigException($"{path} has no directory");
        // 0600: the configuration names the node's brokers and may carry settings an operator keeps from other users.
        var temporary = files.WriteTemporary(directory, "provision", text, FileModes.Secret);
        try
        {
            var reread = ServerConfig.Parse(files.ReadText(temporary) ?? "", temporary);
            var intended = ServerConfig.From(settings);
            var differing = intended.Settings.Keys.Union(reread.Settings.Keys)
                .FirstOrDefault(k => intended.Settings.GetValueOrDefault(k) != reread.Settings.GetValueOrDefault(k));
            if (differing is not null)
            {
                throw new ServerConfigException($"generated configuration does not read back as written at key '{differing}'");
            }
            files.Move(temporary, path);
        }
        catch (ServerConfigException e)
        {
            files.Delete(temporary);
            throw new ServerConfigException($"generated configuration could not be parsed: {e.Message}");
        }
        catch
        {
            files.Delete(temporary);
            throw;
        }
        return lines.Count;
    }

    /// <summary>The header <c>configure</c> writes, naming the request that wrote the file.</summary>
    public static string Header(string requestId, string callerId, string senderId, DateTimeOffset time) =>
        $"configuration file written in request {requestId} from {callerId} ({senderId}) at {time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}";

    private static void CheckLine(string key, string value)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ServerConfigException("a configuration key is empty");
        }
        if (key.Contains('=') || key.TrimStart().StartsWith('#') || key.Any(char.IsControl))
        {
            throw new ServerConfigException($"configuration key '{Printable(key)}' cannot be written as a line (it holds '=', a leading '#' or a control character)");
        }
        if (value.Contains('\n') || value.Contains('\r'))
        {
            throw new ServerConfigException($"value of '{key}' contains a line break");
        }
    }

    private static string Printable(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
}
