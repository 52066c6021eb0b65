using System.Collections.Immutable;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// The Ed25519 public keys allowed to sign commands that change the cluster: a file with one hex key per line;
/// <c>#</c> starts a comment. At start a bad line is an error, since the operator is there to fix it. While the
/// member runs the file is read again at every check, so an edit takes effect on the next signed request: a file
/// that is gone or unreadable holds no keys (every key is revoked), and a bad line is reported and skipped while
/// the good lines still count, so a typo next to a removed key cannot keep the removed key alive.
/// </summary>
public sealed class AuthorizedKeys
{
    private const int KeyHexLength = 64;
    private readonly string? _path;
    private readonly Lock _lock = new();
    private ImmutableHashSet<string> _keys;
    private string _lastReport = "";

    private AuthorizedKeys(string? path, ImmutableHashSet<string> keys)
    {
        _path = path;
        _keys = keys;
    }

    /// <summary>The keys of one reading of the file, and what was wrong with the lines skipped.</summary>
    public sealed record Reading(ImmutableHashSet<string> Keys, IReadOnlyList<string> Problems);

    /// <summary>No keys: only trusted loopback may change anything.</summary>
    public static AuthorizedKeys None { get; } = new(null, []);

    /// <summary>How many keys the file held when last read.</summary>
    public int Count => _keys.Count;

    /// <summary>Reads the file at start; a missing file or a bad line is an error naming the file and line.</summary>
    /// <exception cref="FormatException">A line is not a 64-character hex key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AuthorizedKeys Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"authorized keys file {path} does not exist", path);
        }
        var reading = Parse(path, File.ReadAllLines(path));
        if (reading.Problems.Count > 0)
        {
            throw new FormatException(reading.Problems[0]);
        }
        return new AuthorizedKeys(path, reading.Keys);
    }

    public static Reading Parse(string source, IEnumerable<string> lines)
    {
        var keys = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var hash = raw.IndexOf('#');
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line.Length != KeyHexLength || !line.All(Uri.IsHexDigit))
            {
                problems.Add($"{source} line {number}: expected an Ed25519 public key as {KeyHexLength} hex characters");
                continue;
            }
            keys.Add(line.ToLowerInvariant());
        }
        return new Reading(keys.ToImmutable(), problems);
    }

    /// <summary>
    /// True when <paramref name="publicKeyHex"/> is listed in the file as it is now. What is wrong with the file
    /// goes to <paramref name="report"/>, once per change of what is wrong.
    /// </summary>
    public bool Contains(string publicKeyHex, Action<string> report)
    {
        if (_path is null)
        {
            return false;
        }
        lock (_lock)
        {
            var (keys, problems) = Read(_path);
            _keys = keys;
            var joined = string.Join('\n', problems);
            if (joined != _lastReport)
            {
                _lastReport = joined;
                foreach (var problem in problems)
                {
                    report(problem);
                }
            }
            return keys.Contains(publicKeyHex.ToLowerInvariant());
        }
    }

    private static Reading Read(string path)
    {
        try
        {
            var reading = Parse(path, File.ReadAllLines(path));
            return reading with { Problems = reading.Problems.Select(p => $"{p}; the line is ignored").ToList() };
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Reading([], [$"authorized keys file {path} is gone: every key is revoked"]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Reading([], [$"cannot read authorized keys file {path} ({e.Message}): every key is revoked"]);
        }
    }
}
