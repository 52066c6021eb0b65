namespace Provisioner.Agent.Files;

/// <summary>The Unix modes a node gives its files, as Choria's provisioning agent writes them.</summary>
public static class FileModes
{
    /// <summary>0600: seeds, private keys, server and NATS JWTs.</summary>
    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0644: certificates, CSRs and the configuration.</summary>
    public const UnixFileMode Public = Secret | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0400: policy files.</summary>
    public const UnixFileMode ReadOnly = UnixFileMode.UserRead;

    /// <summary>0700: directories the node creates.</summary>
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
