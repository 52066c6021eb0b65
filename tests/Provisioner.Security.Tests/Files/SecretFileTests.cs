using System.Runtime.Versioning;
using Provisioner.Security.Files;
using Xunit;

namespace Provisioner.Security.Tests.Files;

[UnsupportedOSPlatform("windows")]
public sealed class SecretFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("secret-file-").FullName;

    private string P(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData(FileModes.Secret)]
    [InlineData(FileModes.Public)]
    [InlineData(FileModes.ReadOnly)]
    public void Writes_the_text_with_exactly_the_given_mode(UnixFileMode mode)
    {
        SecretFile.Write(P("key.pem"), "secret\n", mode);

        Assert.Equal("secret\n", File.ReadAllText(P("key.pem")));
        Assert.Equal(mode, File.GetUnixFileMode(P("key.pem")));
        Assert.Equal([P("key.pem")], Directory.GetFiles(_directory));
    }

    [Fact]
    public void Replacing_a_world_readable_file_renames_a_new_file_over_it_with_the_secret_mode()
    {
        File.WriteAllText(P("ca.key"), "old");
        File.SetUnixFileMode(P("ca.key"), FileModes.Public);
        using var oldReader = new FileStream(P("ca.key"), FileMode.Open, FileAccess.Read);

        SecretFile.Write(P("ca.key"), "new secret", FileModes.Secret);

        Assert.Equal("new secret", File.ReadAllText(P("ca.key")));
        Assert.Equal(FileModes.Secret, File.GetUnixFileMode(P("ca.key")));
        // A reader that opened the old file keeps reading the old file whole: the new one is another inode.
        Assert.Equal("old", new StreamReader(oldReader).ReadToEnd());
    }

    [Fact]
    public void Refuses_an_existing_target_when_asked_to_create_a_new_file()
    {
        File.WriteAllText(P("operator.nk"), "keep me");

        var error = Assert.Throws<IOException>(() => SecretFile.Write(P("operator.nk"), "other", FileModes.Secret, SecretFileOptions.CreateNew));

        Assert.Contains("already exists", error.Message);
        Assert.Equal("keep me", File.ReadAllText(P("operator.nk")));
        Assert.Equal([P("operator.nk")], Directory.GetFiles(_directory));
    }

    [Fact]
    public void Creates_a_new_file_when_asked_to_and_none_exists()
    {
        SecretFile.Write(P("fleet-signing.nk"), "seed\n", FileModes.Secret, SecretFileOptions.CreateNew);

        Assert.Equal("seed\n", File.ReadAllText(P("fleet-signing.nk")));
        Assert.Equal(FileModes.Secret, File.GetUnixFileMode(P("fleet-signing.nk")));
    }

    [Fact]
    public void A_missing_directory_is_refused_unless_a_directory_mode_is_given()
    {
        var seed = Path.Combine(_directory, "deep", "er", "server.seed");

        var error = Assert.Throws<DirectoryNotFoundException>(() => SecretFile.Write(seed, "s", FileModes.Secret));
        Assert.Contains("does not exist", error.Message);
        Assert.False(Directory.Exists(Path.Combine(_directory, "deep")));

        SecretFile.Write(seed, "s", FileModes.Secret, new SecretFileOptions { DirectoryMode = FileModes.PrivateDirectory });
        Assert.Equal("s", File.ReadAllText(seed));
        Assert.Equal(FileModes.PrivateDirectory, File.GetUnixFileMode(Path.Combine(_directory, "deep", "er")));
    }

    [Fact]
    public void A_temporary_file_has_its_mode_and_leaves_the_target_alone()
    {
        File.WriteAllText(P("server.conf"), "old");

        var temporary = SecretFile.WriteTemporary(_directory, "provision", "new", FileModes.Public);

        Assert.StartsWith(P("provision."), temporary, StringComparison.Ordinal);
        Assert.Equal("new", File.ReadAllText(temporary));
        Assert.Equal(FileModes.Public, File.GetUnixFileMode(temporary));
        Assert.Equal("old", File.ReadAllText(P("server.conf")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
