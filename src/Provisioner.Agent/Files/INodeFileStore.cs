namespace Provisioner.Agent.Files;

/// <summary>
/// Where a node keeps its files: the real disk for the agent, memory for the fleet simulator. The action
/// handlers only see this interface, so both run the same code. Paths are absolute, '/'-separated.
/// Writes replace the whole file and set its mode, also when the file already existed with another mode.
/// </summary>
public interface INodeFileStore
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>The file's text, or null when it does not exist.</summary>
    string? ReadText(string path);

    /// <summary>Writes (or replaces) a file with <paramref name="mode"/>, creating missing parent directories (0700).</summary>
    void WriteText(string path, string contents, UnixFileMode mode);

    /// <summary>Writes a new uniquely named file in <paramref name="directory"/> and returns its path; pair it with <see cref="Move"/>.</summary>
    string WriteTemporary(string directory, string prefix, string contents, UnixFileMode mode);

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> in one step.</summary>
    void Move(string source, string destination);

    /// <summary>Deletes a file; nothing happens when it does not exist.</summary>
    void Delete(string path);

    /// <summary>Deletes a directory and everything below it; nothing happens when it does not exist.</summary>
    void DeleteDirectory(string path);

    void CreateDirectory(string path, UnixFileMode mode);

    /// <summary>The Unix mode of a file or directory, or null when it does not exist.</summary>
    UnixFileMode? ModeOf(string path);

    /// <summary>The paths of the files directly inside <paramref name="directory"/>, sorted.</summary>
    IReadOnlyList<string> ListFiles(string directory);
}
