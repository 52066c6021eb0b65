using Provisioner.Security.Files;

namespace Provisioner.Agent.Files;

/// <summary>
/// Files held in memory, for the fleet simulator's thousands of virtual nodes and for unit tests.
/// Behaves like <see cref="DiskFileStore"/>: modes are recorded, moves replace, directories are implied
/// by their files. Thread-safe.
/// </summary>
public sealed class MemoryFileStore : INodeFileStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Contents, UnixFileMode Mode)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnixFileMode> _directories = new(StringComparer.Ordinal);
    private long _temporaryCounter;

    public bool FileExists(string path)
    {
        lock (_gate)
        {
            return _files.ContainsKey(Normalize(path));
        }
    }

    public bool DirectoryExists(string path)
    {
        var directory = Normalize(path);
        lock (_gate)
        {
            return _directories.ContainsKey(directory) || _files.Keys.Any(f => f.StartsWith(directory + "/", StringComparison.Ordinal));
        }
    }

    public string? ReadText(string path)
    {
        lock (_gate)
        {
            return _files.TryGetValue(Normalize(path), out var file) ? file.Contents : null;
        }
    }

    public void WriteText(string path, string contents, UnixFileMode mode)
    {
        var file = Normalize(path);
        lock (_gate)
        {
            EnsureParents(file);
            _files[file] = (contents, mode);
        }
    }

    public string WriteTemporary(string directory, string prefix, string contents, UnixFileMode mode)
    {
        var path = $"{Normalize(directory)}/{prefix}.{Interlocked.Increment(ref _temporaryCounter)}.tmp";
        WriteText(path, contents, mode);
        return path;
    }

    public void Move(string source, string destination)
    {
        var from = Normalize(source);
        var to = Normalize(destination);
        lock (_gate)
        {
            if (!_files.Remove(from, out var file))
            {
                throw new FileNotFoundException($"cannot move {source}: it does not exist", source);
            }
            EnsureParents(to);
            _files[to] = file;
        }
    }

    public void Delete(string path)
    {
        lock (_gate)
        {
            _files.Remove(Normalize(path));
        }
    }

    public void DeleteDirectory(string path)
    {
        var directory = Normalize(path);
        var prefix = directory + "/";
        lock (_gate)
        {
            foreach (var file in _files.Keys.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _files.Remove(file);
            }
            foreach (var dir in _directories.Keys.Where(d => d == directory || d.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _directories.Remove(dir);
            }
        }
    }

    public void CreateDirectory(string path, UnixFileMode mode)
    {
        var directory = Normalize(path);
        lock (_gate)
        {
            EnsureParents(directory);
            _directories.TryAdd(directory, mode);
        }
    }

    public UnixFileMode? ModeOf(string path)
    {
        var normalized = Normalize(path);
        lock (_gate)
        {
            if (_files.TryGetValue(normalized, out var file))
            {
                return file.Mode;
            }
            return _directories.TryGetValue(normalized, out var mode) ? mode : null;
        }
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var prefix = Normalize(directory) + "/";
        lock (_gate)
        {
            return [.. _files.Keys
                .Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && !f.AsSpan(prefix.Length).Contains('/'))
                .Order(StringComparer.Ordinal)];
        }
    }

    private void EnsureParents(string path)
    {
        for (var slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            _directories.TryAdd(path[..slash], FileModes.PrivateDirectory);
        }
    }

    private static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        return normalized.Length > 1 ? normalized.TrimEnd('/') : normalized;
    }
}
