using System.Collections.Immutable;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// The Ed25519 public keys allowed to sign commands that change the cluster: a file with one hex key per
/// line; <c>#</c> starts a comment. The file is read again when it changes, so keys can be added or revoked
/// without restarting the member; a file that stops parsing keeps the keys last read.
/// </summary>
public sealed class AuthorizedKeys
{
    private const int KeyHexLength = 64;
    private readonly string? _path;
    private readonly Lock _lock = new();
    private ImmutableHashSet<string> _keys;
    private DateTime _readAt;

    private AuthorizedKeys(string? path, ImmutableHashSet<string> keys, DateTime readAt)
    {
        _path = path;
        _keys = keys;
        _readAt = readAt;
    }

    /// <summary>No keys: only loopback may change anything.</summary>
    public static AuthorizedKeys None { get; } = new(null, [], default);

    /// <summary>How many keys the file held when last read.</summary>
    public int Count => _keys.Count;

    /// <summary>Reads the file; a missing file or a bad line is an error naming the file and line.</summary>
    /// <exception cref="FormatException">A line is not a 64-character hex key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AuthorizedKeys Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"authorized keys file {path} does not exist", path);
        }
        var readAt = File.GetLastWriteTimeUtc(path);
        return new AuthorizedKeys(path, Parse(path, File.ReadAllLines(path)), readAt);
    }

    public static ImmutableHashSet<string> Parse(string source, IEnumerable<string> lines)
    {
        var keys = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
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
                throw new FormatException($"{source} line {number}: expected an Ed25519 public key as {KeyHexLength} hex characters");
            }
            keys.Add(line.ToLowerInvariant());
        }
        return keys.ToImmutable();
    }

    /// <summary>True when <paramref name="publicKeyHex"/> is listed (re-reading the file first if it changed).</summary>
    public bool Contains(string publicKeyHex, Action<string>? onReloadError = null)
    {
        Refresh(onReloadError);
        return _keys.Contains(publicKeyHex.ToLowerInvariant());
    }

    private void Refresh(Action<string>? onReloadError)
    {
        if (_path is null)
        {
            return;
        }
        lock (_lock)
        {
            try
            {
                var modified = File.GetLastWriteTimeUtc(_path);
                if (modified == _readAt)
                {
                    return;
                }
                _keys = Parse(_path, File.ReadAllLines(_path));
                _readAt = modified;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                onReloadError?.Invoke($"keeping the {_keys.Count} authorized keys last read: {e.Message}");
            }
        }
    }
}
