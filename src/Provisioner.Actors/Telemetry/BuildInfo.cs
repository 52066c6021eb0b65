using System.Reflection;

namespace Provisioner.Actors.Telemetry;

/// <summary>
/// Which build runs: the informational version stamped from git at build time (Directory.Build.props), shown by
/// <c>provisioner --version</c>, the <c>choria_provisioner_build_info</c> metric, Akka's <c>app-version</c> and the
/// member's startup event. Its form follows sbt-dynver (<c>1.4.2+3-abc1234</c>, <c>0.0.0+180-9185f84-dirty</c>), which
/// Akka's AppVersion orders with the commits since the tag as a fourth number.
/// </summary>
public sealed record BuildInfo(string Version, string Commit)
{
    /// <summary>The commit label when the build had no git (a Docker context without a version argument).</summary>
    public const string UnknownCommit = "unknown";

    /// <summary>This process's build.</summary>
    public static BuildInfo Current { get; } = Parse(
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0-dev");

    /// <summary>
    /// Reads the commit from the build metadata after '+': the hash after the commit count (with <c>-dirty</c> when the
    /// work tree had changes), or the whole metadata when it has no count.
    /// </summary>
    public static BuildInfo Parse(string informationalVersion)
    {
        var plus = informationalVersion.IndexOf('+');
        if (plus < 0 || plus == informationalVersion.Length - 1)
        {
            return new BuildInfo(informationalVersion, UnknownCommit);
        }
        var metadata = informationalVersion[(plus + 1)..];
        var dash = metadata.IndexOf('-');
        var commit = dash > 0 && metadata[..dash].All(char.IsAsciiDigit) && dash < metadata.Length - 1 ? metadata[(dash + 1)..] : metadata;
        return new BuildInfo(informationalVersion, commit);
    }
}
