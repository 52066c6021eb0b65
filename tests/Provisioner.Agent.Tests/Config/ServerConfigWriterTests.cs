using Provisioner.Agent.Config;
using Provisioner.Agent.Files;
using System.Runtime.Versioning;
using Provisioner.Security.Files;
using Xunit;

namespace Provisioner.Agent.Tests.Config;

[UnsupportedOSPlatform("windows")]
public sealed class ServerConfigWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agent-config-").FullName;

    private string ConfigFile => Path.Combine(_directory, "server.conf");

    [Fact]
    public void Writes_a_header_and_sorted_settings_atomically_with_mode_0600()
    {
        var files = new DiskFileStore();

        var lines = ServerConfigWriter.Write(files, ConfigFile, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, "written by a test");

        Assert.Equal(3, lines);
        Assert.Equal("# written by a test\na=1\nb=2\n", File.ReadAllText(ConfigFile));
        Assert.Equal(FileModes.Secret, File.GetUnixFileMode(ConfigFile));
        Assert.Equal([ConfigFile], Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_value_with_a_line_break_changes_nothing()
    {
        var files = new DiskFileStore();
        File.WriteAllText(ConfigFile, "old=1\n");

        var error = Assert.Throws<ServerConfigException>(() =>
            ServerConfigWriter.Write(files, ConfigFile, new Dictionary<string, string> { ["a"] = "x\nplugin.choria.server.provision=true" }, "h"));

        Assert.Contains("line break", error.Message);
        Assert.Equal("old=1\n", File.ReadAllText(ConfigFile));
        Assert.Equal([ConfigFile], Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_file_that_does_not_read_back_as_meant_is_never_renamed_into_place()
    {
        var files = new TamperingStore();
        files.WriteText(ConfigFile, "old=1\n", FileModes.Public);

        var error = Assert.Throws<ServerConfigException>(() =>
            ServerConfigWriter.Write(files, ConfigFile, new Dictionary<string, string> { ["a"] = "1" }, "h"));

        Assert.StartsWith("generated configuration could not be parsed:", error.Message);
        Assert.Equal("old=1\n", files.ReadText(ConfigFile));
        Assert.Equal([ConfigFile], files.ListFiles(_directory));
    }

    [Fact]
    public void Keys_that_cannot_be_lines_are_refused()
    {
        Assert.Throws<ServerConfigException>(() => ServerConfigWriter.Write(new MemoryFileStore(), "/c/server.conf", new Dictionary<string, string> { ["a=b"] = "1" }, "h"));
        Assert.Throws<ServerConfigException>(() => ServerConfigWriter.Write(new MemoryFileStore(), "/c/server.conf", new Dictionary<string, string> { ["#a"] = "1" }, "h"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A store whose temporary files come out corrupted, as a full disk or a bad write would leave them.
    private sealed class TamperingStore : INodeFileStore
    {
        private readonly MemoryFileStore _inner = new();

        public string WriteTemporary(string directory, string prefix, string contents, UnixFileMode mode) =>
            _inner.WriteTemporary(directory, prefix, contents.Replace("a=1", "a=2"), mode);

        public bool FileExists(string path) => _inner.FileExists(path);
        public bool DirectoryExists(string path) => _inner.DirectoryExists(path);
        public string? ReadText(string path) => _inner.ReadText(path);
        public void WriteText(string path, string contents, UnixFileMode mode) => _inner.WriteText(path, contents, mode);
        public void Move(string source, string destination) => _inner.Move(source, destination);
        public void Delete(string path) => _inner.Delete(path);
        public void DeleteDirectory(string path) => _inner.DeleteDirectory(path);
        public void CreateDirectory(string path, UnixFileMode mode) => _inner.CreateDirectory(path, mode);
        public UnixFileMode? ModeOf(string path) => _inner.ModeOf(path);
        public IReadOnlyList<string> ListFiles(string directory) => _inner.ListFiles(directory);
    }
}
