namespace Provisioner.Security.Pki;

/// <summary>Writes a file with a given Unix mode, also when it replaces an existing file with looser permissions.</summary>
internal static class PrivateFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, string contents, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
            // UnixCreateMode applies only to new files: tighten an existing one before writing the secret into it.
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        using var writer = new StreamWriter(path, options);
        writer.Write(contents);
    }
}
