namespace Provisioner.Agent.Upgrades;

/// <summary>
/// A simulated node's installer: fetches the release and checks its checksum like the real one, keeps nothing,
/// so a simulated fleet exercises the repository and every failure of the real path at scale.
/// </summary>
public sealed class VerifyingReleaseInstaller(ReleaseDownloader downloader, ReleasePlatform platform) : IReleaseInstaller
{
    public ReleaseInstallResult Install(string repository, string version)
    {
        try
        {
            var (spec, binaryUri) = downloader.FetchSpec(repository, version, platform);
            var hash = downloader.FetchBinary(binaryUri, Stream.Null);
            return string.Equals(hash, spec.Hash, StringComparison.Ordinal)
                ? ReleaseInstallResult.Done
                : ReleaseInstallResult.RolledBack("downloaded file had an invalid checksum");
        }
        catch (ReleaseUpdateException e)
        {
            return ReleaseInstallResult.RolledBack(e.Message);
        }
    }
}
