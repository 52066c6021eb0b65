using Provisioner.Agent.Files;
using Provisioner.Security.Files;
using Xunit;

namespace Provisioner.Agent.Tests.Files;

public sealed class MemoryFileStoreTests
{
    [Fact]
    public void Behaves_like_a_directory_tree_with_modes()
    {
        var files = new MemoryFileStore();
        files.WriteText("/etc/choria/policies/a.policy", "a", FileModes.ReadOnly);
        files.WriteText("/etc/choria/policies/rego/b.rego", "b", FileModes.ReadOnly);
        files.WriteText("/etc/choria/server.seed", "s", FileModes.Secret);

        Assert.True(files.DirectoryExists("/etc/choria/policies"));
        Assert.Equal(["/etc/choria/policies/a.policy"], files.ListFiles("/etc/choria/policies"));
        Assert.Equal(FileModes.Secret, files.ModeOf("/etc/choria/server.seed"));

        files.DeleteDirectory("/etc/choria/policies");

        Assert.False(files.FileExists("/etc/choria/policies/rego/b.rego"));
        Assert.True(files.FileExists("/etc/choria/server.seed"));
    }

    [Fact]
    public void Moves_replace_the_target_and_need_a_source()
    {
        var files = new MemoryFileStore();
        files.WriteText("/c/server.conf", "old", FileModes.Public);
        var temporary = files.WriteTemporary("/c", "provision", "new", FileModes.Public);

        files.Move(temporary, "/c/server.conf");

        Assert.Equal("new", files.ReadText("/c/server.conf"));
        Assert.Equal(["/c/server.conf"], files.ListFiles("/c"));
        Assert.Throws<FileNotFoundException>(() => files.Move(temporary, "/c/other"));
    }
}
