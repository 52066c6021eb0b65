namespace Provisioner.Security.Files;

/// <summary>How <see cref="SecretFile.Write"/> treats an existing target and a missing directory.</summary>
public sealed record SecretFileOptions
{
    /// <summary>Replaces an existing target; the directory must exist.</summary>
    public static SecretFileOptions Replace { get; } = new();

    /// <summary>Refuses an existing target (an <see cref="IOException"/>, nothing written); the directory must exist.</summary>
    public static SecretFileOptions CreateNew { get; } = new() { Overwrite = false };

    /// <summary>Whether an existing target is replaced; when false it is refused, also when it appears while writing.</summary>
    public bool Overwrite { get; init; } = true;

    /// <summary>The mode of missing parent directories, which are then created; null refuses a missing directory.</summary>
    public UnixFileMode? DirectoryMode { get; init; }
}
