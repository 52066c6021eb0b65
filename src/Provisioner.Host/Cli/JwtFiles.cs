namespace Provisioner.Host.Cli;

/// <summary>
/// Writes key and token files with the right Unix mode from the moment they exist, so a secret is
/// never readable by others even briefly.
/// </summary>
internal static class JwtFiles
{
    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode Public = Secret | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Refuses (exit 2) when any of <paramref name="paths"/> exists, unless <paramref name="force"/>.</summary>
    public static void EnsureWritable(bool force, params string[] paths)
    {
        foreach (var path in paths)
        {
            if (!force && (File.Exists(path) || Directory.Exists(path)))
            {
                throw new UsageException($"{path} already exists; use --force to overwrite it");
            }
        }
    }

    /// <summary>Writes through a temporary file in the same folder, then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, string content, UnixFileMode mode)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"cannot write {path}: folder {folder} does not exist");
        }
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
