using Provisioner.Agent.Files;
using System.Runtime.Versioning;
using Provisioner.Security.Files;
using Xunit;

namespace Provisioner.Agent.Tests.Files;

[UnsupportedOSPlatform("windows")]
public sealed class DiskFileStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agent-files-").FullName;
    private readonly DiskFileStore _files = new();

    [Fact]
    public void Writes_files_with_exact_modes_creating_private_parent_directories()
    {
        var seed = Path.Combine(_directory, "deep", "server.seed");

        _files.WriteText(seed, "secret", FileModes.Secret);

        Assert.Equal("secret", File.ReadAllText(seed));
        Assert.Equal(FileModes.Secret, File.GetUnixFileMode(seed));
        Assert.Equal(FileModes.PrivateDirectory, File.GetUnixFileMode(Path.Combine(_directory, "deep")));
    }

    [Fact]
    public void Replacing_a_world_readable_file_with_a_secret_tightens_its_mode()
    {
        var path = Path.Combine(_directory, "private.pem");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, FileModes.Public);

        _files.WriteText(path, "new secret", FileModes.Secret);

        Assert.Equal(FileModes.Secret, _files.ModeOf(path));
        Assert.Equal("new secret", _files.ReadText(path));
    }

    [Fact]
    public void Read_only_policy_files_can_be_replaced_and_wiped()
    {
        var policies = Path.Combine(_directory, "policies");
        var policy = Path.Combine(policies, "rpcutil.policy");
        _files.WriteText(policy, "v1", FileModes.ReadOnly);
        _files.WriteText(policy, "v2", FileModes.ReadOnly);

        Assert.Equal("v2", _files.ReadText(policy));
        Assert.Equal(FileModes.ReadOnly, _files.ModeOf(policy));
        _files.DeleteDirectory(policies);
        Assert.False(_files.DirectoryExists(policies));
    }

    [Fact]
    public void A_temporary_file_replaces_its_target_only_when_moved()
    {
        var target = Path.Combine(_directory, "server.conf");
        File.WriteAllText(target, "old");

        var temporary = _files.WriteTemporary(_directory, "provision", "new", FileModes.Public);

        Assert.Equal("old", File.ReadAllText(target));
        _files.Move(temporary, target);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal([target], _files.ListFiles(_directory));
    }

    [Fact]
    public void Missing_files_read_as_null_and_delete_quietly()
    {
        var missing = Path.Combine(_directory, "nope");

        Assert.Null(_files.ReadText(missing));
        Assert.Null(_files.ModeOf(missing));
        _files.Delete(missing);
        _files.DeleteDirectory(missing);
        Assert.Empty(_files.ListFiles(missing));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
