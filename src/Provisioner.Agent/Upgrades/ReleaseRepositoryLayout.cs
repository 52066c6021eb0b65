namespace Provisioner.Agent.Upgrades;

/// <summary>
/// Where things live in a release repository, as go-updater's HTTP downloader and its <c>update-repo</c> tool lay it
/// out: <c>&lt;version&gt;/&lt;os&gt;/&lt;arch&gt;/release.json</c> beside the binary, named
/// <c>&lt;base&gt;-&lt;os&gt;-&lt;arch&gt;-&lt;version&gt;.bz2</c>. URLs are plain concatenation, with no escaping, as Go's are.
/// </summary>
public static class ReleaseRepositoryLayout
{
    public const string SpecFile = "release.json";

    /// <summary>The directory of one release for one platform, relative to the repository root.</summary>
    public static string Directory(string version, ReleasePlatform platform) => $"{version}/{platform.OperatingSystem}/{platform.Architecture}";

    public static string SpecUri(string repository, string version, ReleasePlatform platform) =>
        $"{repository}/{Directory(version, platform)}/{SpecFile}";

    public static string BinaryUri(string repository, string version, ReleasePlatform platform, string binary) =>
        $"{repository}/{Directory(version, platform)}/{binary}";

    /// <summary>The name <c>update-repo</c> gives the compressed binary.</summary>
    public static string BinaryName(string executableName, string version, ReleasePlatform platform) =>
        $"{executableName}-{platform.OperatingSystem}-{platform.Architecture}-{version}.bz2";

    /// <summary>Why <paramref name="version"/> cannot name a release directory, or null when it can.</summary>
    public static string? VersionProblem(string version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return "must not be empty";
        }
        if (version.Length > 32)
        {
            return $"is {version.Length} characters, longer than the 32 release_update allows";
        }
        if (version is "." or ".." || version.Any(c => c is '/' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "must be one path segment without spaces";
        }
        return null;
    }
}
