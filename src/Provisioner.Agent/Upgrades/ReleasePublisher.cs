using System.Security.Cryptography;
using System.Text.Json;
using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;
using Provisioner.Security.Files;

namespace Provisioner.Agent.Upgrades;

/// <summary>
/// Adds one release to a repository directory in go-updater's layout (<c>provisioner upgrades publish</c>, the
/// counterpart of Choria's <c>update-repo</c>): the bzip2-compressed binary and a <c>release.json</c> with the SHA-256
/// of the uncompressed binary. Any static HTTP server then serves the directory as a repository.
/// </summary>
public static class ReleasePublisher
{
    /// <summary>Writes the release and returns the path of its <c>release.json</c>.</summary>
    /// <exception cref="ArgumentException">The version cannot name a release directory.</exception>
    /// <exception cref="IOException">The binary cannot be read or the repository written.</exception>
    public static string Publish(string repositoryDirectory, string version, string binaryFile, ReleasePlatform platform)
    {
        if (ReleaseRepositoryLayout.VersionProblem(version) is { } problem)
        {
            throw new ArgumentException($"version '{version}' {problem}", nameof(version));
        }
        var directory = Path.Combine(repositoryDirectory, ReleaseRepositoryLayout.Directory(version, platform));
        Directory.CreateDirectory(directory);
        var binaryName = ReleaseRepositoryLayout.BinaryName(Path.GetFileName(binaryFile), version, platform);
        var binaryPath = Path.Combine(directory, binaryName);
        string hash;
        // Compressed to a temporary name first, so a server never serves half a binary under the final one.
        var partial = binaryPath + ".partial";
        using (var source = File.OpenRead(binaryFile))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(source));
            source.Position = 0;
            using var target = File.Create(partial);
            using var compressed = BZip2Stream.Create(target, CompressionMode.Compress, decompressConcatenated: false);
            source.CopyTo(compressed);
        }
        File.Move(partial, binaryPath, overwrite: true);
        var specPath = Path.Combine(directory, ReleaseRepositoryLayout.SpecFile);
        var spec = JsonSerializer.SerializeToUtf8Bytes(new ReleaseSpec(binaryName, hash), ReleaseJsonContext.Default.ReleaseSpec);
        File.WriteAllBytes(specPath + ".partial", spec);
        File.Move(specPath + ".partial", specPath, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(binaryPath, FileModes.Public);
            File.SetUnixFileMode(specPath, FileModes.Public);
        }
        return specPath;
    }
}
