namespace Provisioner.Messages.Wire;

/// <summary>The Choria server configuration keys that the agent reads and the provisioner writes.</summary>
public static class ServerConfigKeys
{
    /// <summary>Whether the server provisions; when set it decides the mode outright. A provisioned node has it false.</summary>
    public const string Provision = "plugin.choria.server.provision";

    public const string Identity = "identity";

    /// <summary>Lets <c>release_update</c> replace the server's executable (so does the provisioning token's <c>update</c> claim).</summary>
    public const string AllowUpdate = "plugin.choria.server.provision.allow_update";

    /// <summary>Where TLS files live; absent means <c>&lt;configdir&gt;/ssl</c>.</summary>
    public const string SslDir = "plugin.choria.ssldir";

    /// <summary>Comma-separated brokers a provisioned server connects to; absent means the provisioning brokers.</summary>
    public const string MiddlewareHosts = "plugin.choria.middleware_hosts";

    /// <summary>Comma-separated collectives of a provisioned server; absent means <c>choria</c>.</summary>
    public const string Collectives = "collectives";

    public const string MainCollective = "main_collective";
    public const string LogFile = "logfile";
    public const string LogLevel = "loglevel";
    public const string SecurityProvider = "plugin.security.provider";
    public const string FileCertificate = "plugin.security.file.certificate";
    public const string FileKey = "plugin.security.file.key";
    public const string FileCa = "plugin.security.file.ca";
    public const string ServerSeedFile = "plugin.choria.security.server.seed_file";
    public const string ServerTokenFile = "plugin.choria.security.server.token_file";

    /// <summary>The server JWT a <c>choria</c> provider server presents.</summary>
    public const string ChoriaTokenFile = "plugin.security.choria.token_file";

    /// <summary>The Ed25519 seed behind the server JWT's <c>public_key</c>.</summary>
    public const string ChoriaSeedFile = "plugin.security.choria.seed_file";

    /// <summary>Comma-separated organisation units whose org issuers a <c>choria</c> provider server trusts.</summary>
    public const string IssuerNames = "plugin.security.issuer.names";

    /// <summary>The hex Ed25519 public key of the org issuer of <paramref name="ou"/>.</summary>
    public static string IssuerPublicKey(string ou) => $"plugin.security.issuer.{ou}.public";
}
