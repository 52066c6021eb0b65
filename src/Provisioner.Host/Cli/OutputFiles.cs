namespace Provisioner.Host.Cli;

/// <summary>
/// The key and token files a command is asked to write: all of them are checked before any is written, so
/// a refused command leaves no half of a key pair behind. The writing itself is <c>SecretFile</c>'s.
/// </summary>
internal static class OutputFiles
{
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
}
