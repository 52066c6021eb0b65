namespace Provisioner.Agent.Files;

/// <summary>
/// The real disk. Every write goes to a temporary file in the target's directory that gets its mode
/// before any byte is written, then is renamed over the target, so a reader never sees a half-written
/// file and a secret never sits in a file readable by others, even briefly.
/// </summary>
public sealed class DiskFileStore : INodeFileStore
{
    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void WriteText(string path, string contents, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"{path} has no directory", nameof(path));
        var temporary = WriteTemporary(directory, "." + Path.GetFileName(path), contents, mode);
        Move(temporary, path);
    }

    public string WriteTemporary(string directory, string prefix, string contents, UnixFileMode mode)
    {
        EnsureDirectory(directory);
        var path = Path.Combine(directory, $"{prefix}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        try
        {
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
            }
            // The umask may have trimmed the create mode; set it exactly.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public void Move(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    public void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, mode);
    }

    public UnixFileMode? ModeOf(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }
        return OperatingSystem.IsWindows() ? FileModes.Public : File.GetUnixFileMode(path);
    }

    public IReadOnlyList<string> ListFiles(string directory) =>
        Directory.Exists(directory) ? [.. Directory.GetFiles(directory).Order(StringComparer.Ordinal)] : [];

    private void EnsureDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            CreateDirectory(directory, FileModes.PrivateDirectory);
        }
    }
}
