using System.Text;

namespace Provisioner.Security.Files;

/// <summary>
/// Writes a whole file with an exact Unix mode: the text goes into a temporary file beside the target
/// that has the final mode from the moment it exists (set on the open handle, so the umask cannot loosen
/// it), is flushed to disk, then renamed over the target. A reader sees the old file or the new one, never
/// half of either, and a secret is never readable by others, not even while it is being written.
/// </summary>
public static class SecretFile
{
    /// <summary>Writes <paramref name="contents"/> (UTF-8) to <paramref name="path"/> with <paramref name="mode"/>.</summary>
    /// <exception cref="IOException">
    /// The target exists and <see cref="SecretFileOptions.Overwrite"/> is false, the directory is missing
    /// (a <see cref="DirectoryNotFoundException"/>) and <see cref="SecretFileOptions.DirectoryMode"/> is null, or writing failed.
    /// </exception>
    public static void Write(string path, string contents, UnixFileMode mode, SecretFileOptions? options = null)
    {
        options ??= SecretFileOptions.Replace;
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target) ?? throw new ArgumentException($"{path} has no directory", nameof(path));
        if (!options.Overwrite && File.Exists(target))
        {
            throw new IOException($"{target} already exists: refusing to overwrite it");
        }
        PrepareDirectory(path, directory, options.DirectoryMode);
        var temporary = Create(directory, "." + Path.GetFileName(target), contents, mode);
        try
        {
            // Without overwrite the rename fails when the target appeared meanwhile, so a refusal cannot be raced.
            File.Move(temporary, target, overwrite: options.Overwrite);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Writes a new uniquely named file (<c>&lt;prefix&gt;.&lt;guid&gt;.tmp</c>) in <paramref name="directory"/> the same way and
    /// returns its path, for a caller that checks the file before renaming it over its target itself.
    /// </summary>
    public static string WriteTemporary(string directory, string prefix, string contents, UnixFileMode mode, UnixFileMode? directoryMode = null)
    {
        PrepareDirectory(directory, Path.GetFullPath(directory), directoryMode);
        return Create(directory, prefix, contents, mode);
    }

    private static void PrepareDirectory(string path, string directory, UnixFileMode? directoryMode)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        if (directoryMode is not { } mode)
        {
            throw new DirectoryNotFoundException($"cannot write {path}: folder {directory} does not exist");
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, mode);
        }
    }

    private static string Create(string directory, string prefix, string contents, UnixFileMode mode)
    {
        var path = Path.Combine(directory, $"{prefix}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        try
        {
            using (var stream = new FileStream(path, options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, mode);
                }
                stream.Write(Encoding.UTF8.GetBytes(contents));
                stream.Flush(flushToDisk: true);
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
