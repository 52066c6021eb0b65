namespace Provisioner.Agent.Upgrades;

/// <summary>
/// Installs a release for <c>choria_provision#release_update</c>: the real agent replaces its own executable, a
/// simulated node fetches and verifies the release and keeps nothing. Implementations throw nothing: every failure
/// comes back as a <see cref="ReleaseInstallResult"/>.
/// </summary>
public interface IReleaseInstaller
{
    ReleaseInstallResult Install(string repository, string version);
}

/// <summary>How an install ended: installed, failed and rolled back (nothing changed), or failed with the rollback failing too.</summary>
public sealed record ReleaseInstallResult(bool Installed, string? Error, bool BrokenState)
{
    public static ReleaseInstallResult Done { get; } = new(true, null, false);

    public static ReleaseInstallResult RolledBack(string error) => new(false, error, false);

    public static ReleaseInstallResult Broken(string error) => new(false, error, true);
}

/// <summary>The installer of a node that was given none: every update fails and nothing changes.</summary>
public sealed class NoReleaseInstaller : IReleaseInstaller
{
    public static NoReleaseInstaller Instance { get; } = new();

    public ReleaseInstallResult Install(string repository, string version) =>
        ReleaseInstallResult.RolledBack("this node has no executable to replace");
}
