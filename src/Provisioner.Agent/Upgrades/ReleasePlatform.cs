using System.Runtime.InteropServices;

namespace Provisioner.Agent.Upgrades;

/// <summary>
/// An operating system and architecture as Go names them (<c>linux</c>/<c>amd64</c>), the names Choria's updater
/// puts in repository paths, so a repository serves Go-built Choria servers and this agent alike.
/// </summary>
public sealed record ReleasePlatform(string OperatingSystem, string Architecture)
{
    /// <summary>The machine this process runs on.</summary>
    public static ReleasePlatform Current { get; } = new(CurrentOperatingSystem(), CurrentArchitecture());

    public override string ToString() => $"{OperatingSystem}/{Architecture}";

    private static string CurrentOperatingSystem() =>
        System.OperatingSystem.IsLinux() ? "linux"
        : System.OperatingSystem.IsMacOS() ? "darwin"
        : System.OperatingSystem.IsWindows() ? "windows"
        : System.OperatingSystem.IsFreeBSD() ? "freebsd"
        : RuntimeInformation.OSDescription.ToLowerInvariant();

    private static string CurrentArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        var other => other.ToString().ToLowerInvariant(),
    };
}
