using Xunit;
using System.Security.Cryptography;
using System.Text.Json;
using Provisioner.Agent.Upgrades;
using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;

namespace Provisioner.Agent.Tests.Upgrades;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReleaseInstallTests : IDisposable
{
    private static readonly byte[] OldBinary = "#!/bin/sh\necho old\n"u8.ToArray();
    private static readonly byte[] NewBinary = "#!/bin/sh\necho new release 0.30.0\n"u8.ToArray();

    private readonly ReleaseRepository _repository = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _target;

    public ReleaseInstallTests()
    {
        _target = Path.Combine(Directory.CreateTempSubdirectory("release-target-").FullName, "choria");
        File.WriteAllBytes(_target, OldBinary);
        File.SetUnixFileMode(_target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    private ExecutableReleaseInstaller Installer() => new(_target, new ReleaseDownloader(_http), ReleaseRepository.Platform);

    [Fact]
    public void Publish_writes_the_layout_choria_updater_reads()
    {
        var spec = _repository.Publish("0.30.0", NewBinary);

        Assert.Equal(Path.Combine(_repository.Root, "0.30.0", "linux", "amd64", "release.json"), spec);
        using var json = JsonDocument.Parse(File.ReadAllText(spec));
        Assert.Equal("choria-linux-amd64-0.30.0.bz2", json.RootElement.GetProperty("binary").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(NewBinary)), json.RootElement.GetProperty("hash").GetString());
        using var compressed = File.OpenRead(Path.Combine(_repository.Root, "0.30.0", "linux", "amd64", "choria-linux-amd64-0.30.0.bz2"));
        using var decoded = BZip2Stream.Create(compressed, CompressionMode.Decompress, decompressConcatenated: true);
        using var copy = new MemoryStream();
        decoded.CopyTo(copy);
        Assert.Equal(NewBinary, copy.ToArray());
    }

    [Fact]
    public void Install_replaces_the_executable_keeping_its_mode_and_a_backup()
    {
        _repository.Publish("0.30.0", NewBinary);
        var mode = File.GetUnixFileMode(_target);

        var result = Installer().Install(_repository.Url, "0.30.0");

        Assert.True(result.Installed, result.Error);
        Assert.Equal(NewBinary, File.ReadAllBytes(_target));
        Assert.Equal(mode, File.GetUnixFileMode(_target));
        Assert.Equal(OldBinary, File.ReadAllBytes(_target + ".backup"));
        Assert.False(File.Exists(_target + ".new"));
        Assert.Contains(_repository.Server.Requests, r => r == ("/0.30.0/linux/amd64/release.json", 200));
        Assert.Contains(_repository.Server.Requests, r => r == ("/0.30.0/linux/amd64/choria-linux-amd64-0.30.0.bz2", 200));
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("upper")]
    public void A_bad_checksum_rolls_back_and_leaves_the_executable_alone(string spoil)
    {
        _repository.Publish("0.30.0", NewBinary);
        _repository.SetHash("0.30.0", hash => spoil == "upper" ? hash.ToUpperInvariant() : Convert.ToHexStringLower(SHA256.HashData(OldBinary)));

        var result = Installer().Install(_repository.Url, "0.30.0");

        Assert.Equal(ReleaseInstallResult.RolledBack("downloaded file had an invalid checksum"), result);
        Assert.Equal(OldBinary, File.ReadAllBytes(_target));
        Assert.False(File.Exists(_target + ".new"));
    }

    [Fact]
    public void A_missing_release_is_reported_as_go_updater_words_it()
    {
        var result = Installer().Install(_repository.Url, "0.30.0");

        Assert.Equal(
            ReleaseInstallResult.RolledBack($"release 0.30.0 not found: could not fetch release from {_repository.Url}/0.30.0/linux/amd64/release.json: 404 Not Found"),
            result);
        Assert.Equal(OldBinary, File.ReadAllBytes(_target));
    }

    [Fact]
    public void A_missing_binary_fails_the_download()
    {
        _repository.Publish("0.30.0", NewBinary);
        File.Delete(Path.Combine(_repository.Root, "0.30.0", "linux", "amd64", "choria-linux-amd64-0.30.0.bz2"));

        var result = Installer().Install(_repository.Url, "0.30.0");

        Assert.Equal(ReleaseInstallResult.RolledBack("download failed: could not download binary: 404 Not Found"), result);
        Assert.Equal(OldBinary, File.ReadAllBytes(_target));
    }

    [Fact]
    public void The_simulated_installer_checks_the_same_checksum_without_writing()
    {
        _repository.Publish("0.30.0", NewBinary);
        var installer = new VerifyingReleaseInstaller(new ReleaseDownloader(_http), ReleaseRepository.Platform);

        Assert.True(installer.Install(_repository.Url, "0.30.0").Installed);
        _repository.SetHash("0.30.0", hash => hash.ToUpperInvariant());
        Assert.Equal(ReleaseInstallResult.RolledBack("downloaded file had an invalid checksum"), installer.Install(_repository.Url, "0.30.0"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _repository.Dispose();
        Directory.Delete(Path.GetDirectoryName(_target)!, recursive: true);
    }
}
