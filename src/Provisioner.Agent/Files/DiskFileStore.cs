using Provisioner.Security.Files;

namespace Provisioner.Agent.Files;

/// <summary>
/// The real disk. Every write goes through <see cref="SecretFile"/>, so a reader never sees a half-written
/// file and a secret never sits in a file readable by others, even briefly; missing directories are made 0700.
/// </summary>
public sealed class DiskFileStore : INodeFileStore
{
    private static readonly SecretFileOptions CreatingParents = new() { DirectoryMode = FileModes.PrivateDirectory };

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

    public void WriteText(string path, string contents, UnixFileMode mode) => SecretFile.Write(path, contents, mode, CreatingParents);

    public string WriteTemporary(string directory, string prefix, string contents, UnixFileMode mode) =>
        SecretFile.WriteTemporary(directory, prefix, contents, mode, FileModes.PrivateDirectory);

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
}
