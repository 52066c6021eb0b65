namespace Provisioner.Agent.Config;

/// <summary>
/// A Choria server configuration: <c>key = value</c> lines, blank lines and <c>#</c> comments. Keys and
/// values are trimmed; a later line wins over an earlier one for the same key. Anything else is an error
/// naming the line, so a file the agent wrote and re-parsed is known to mean exactly what was written.
/// </summary>
public sealed class ServerConfig
{
    private static readonly string[] TrueWords = ["1", "t", "true", "y", "yes", "on"];
    private static readonly string[] FalseWords = ["0", "f", "false", "n", "no", "off"];

    private readonly Dictionary<string, string> _settings;

    private ServerConfig(Dictionary<string, string> settings) => _settings = settings;

    /// <summary>No settings at all: what a node without a configuration file has.</summary>
    public static ServerConfig Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, string> Settings => _settings;

    /// <summary>Parses configuration text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ServerConfigException">A line is neither blank, a comment, nor <c>key = value</c> with a key.</exception>
    public static ServerConfig Parse(string text, string source)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                throw new ServerConfigException($"{source} line {number}: expected 'key = value', found no '='");
            }
            var key = line[..equals].Trim();
            if (key.Length == 0)
            {
                throw new ServerConfigException($"{source} line {number}: the key before '=' is empty");
            }
            settings[key] = line[(equals + 1)..].Trim();
        }
        return new ServerConfig(settings);
    }

    /// <summary>Settings given directly, e.g. the ones <c>configure</c> is about to write.</summary>
    public static ServerConfig From(IReadOnlyDictionary<string, string> settings) =>
        new(settings.ToDictionary(p => p.Key.Trim(), p => p.Value.Trim(), StringComparer.Ordinal));

    public bool HasOption(string key) => _settings.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, null when unset or empty.</summary>
    public string? Get(string key) => _settings.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>A boolean setting in any of Choria's spellings (true/false, yes/no, 1/0, ...); null when unset.</summary>
    /// <exception cref="ServerConfigException">The value is not a boolean.</exception>
    public bool? GetBool(string key)
    {
        if (!_settings.TryGetValue(key, out var value))
        {
            return null;
        }
        if (TrueWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        if (FalseWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        throw new ServerConfigException($"{key}: '{value}' is not a boolean (use true or false)");
    }

    /// <summary>A comma-separated setting split into trimmed, non-empty parts; empty when unset.</summary>
    public IReadOnlyList<string> GetList(string key) =>
        Get(key)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
