namespace Provisioner.Agent.Upgrades;

/// <summary>
/// Replaces an executable file with a release, as go-updater's Apply does but with one atomic step: the decoded
/// binary goes to <c>&lt;target&gt;.new</c> with the target's mode, its checksum is checked, the target is copied to
/// <c>&lt;target&gt;.backup</c>, and <c>.new</c> is renamed over the target (rename(2) replaces atomically, so the
/// target is never missing). When the rename fails and the target is no longer whole, the backup is put back:
/// the rollback; when that fails too the node is in a broken state and says so.
/// </summary>
public sealed class ExecutableReleaseInstaller(string target, ReleaseDownloader downloader, ReleasePlatform platform) : IReleaseInstaller
{
    public string Target { get; } = target;

    public ReleaseInstallResult Install(string repository, string version)
    {
        var fresh = Target + ".new";
        var backup = Target + ".backup";
        try
        {
            var (spec, binaryUri) = downloader.FetchSpec(repository, version, platform);
            string hash;
            try
            {
                using (var file = File.Create(fresh))
                {
                    hash = downloader.FetchBinary(binaryUri, file);
                }
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(fresh, File.GetUnixFileMode(Target));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ReleaseUpdateException($"download failed: could not save file: {e.Message}");
            }
            // go-updater compares the spec's hash as written: an upper-case hash is a mismatch there and here.
            if (!string.Equals(hash, spec.Hash, StringComparison.Ordinal))
            {
                throw new ReleaseUpdateException("downloaded file had an invalid checksum");
            }
            try
            {
                File.Copy(Target, backup, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ReleaseUpdateException($"could not create backup: {e.Message}");
            }
            try
            {
                File.Move(fresh, Target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return RollBack(backup, $"could not replace {Target}: {e.Message}");
            }
            return ReleaseInstallResult.Done;
        }
        catch (ReleaseUpdateException e)
        {
            return ReleaseInstallResult.RolledBack(e.Message);
        }
        finally
        {
            TryDelete(fresh);
        }
    }

    private ReleaseInstallResult RollBack(string backup, string error)
    {
        try
        {
            if (!File.Exists(Target) || new FileInfo(Target).Length != new FileInfo(backup).Length)
            {
                File.Copy(backup, Target, overwrite: true);
            }
            return ReleaseInstallResult.RolledBack(error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ReleaseInstallResult.Broken($"{error}; restoring {backup}: {e.Message}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale .new is overwritten by the next update.
        }
    }
}
