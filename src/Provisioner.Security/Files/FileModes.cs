namespace Provisioner.Security.Files;

/// <summary>The Unix modes of the files and directories the provisioner, its CLI and its nodes write, as Choria writes them.</summary>
public static class FileModes
{
    /// <summary>0600: seeds, private keys, tokens, credentials, server and NATS JWTs, a node's server.conf, the SQLite journal.</summary>
    public const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0644: certificates, CSRs, public keys, manifests and the broker's configuration.</summary>
    public const UnixFileMode Public = Secret | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>0400: policy files.</summary>
    public const UnixFileMode ReadOnly = UnixFileMode.UserRead;

    /// <summary>
    /// 0771: the ssl directory gencsr makes, as Choria's agent makes it (umask applies, as to Go's MkdirAll); the key in
    /// it is 0600, and others may pass through to the public certificate files.
    /// </summary>
    public const UnixFileMode SslDirectory = PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>0700: directories that hold secrets.</summary>
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
