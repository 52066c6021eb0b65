namespace Provisioner.Agent.Config;

/// <summary>The Choria configuration keys the agent reads.</summary>
public static class ConfigKeys
{
    /// <summary>Whether the server provisions; when set it decides the mode outright.</summary>
    public const string Provision = "plugin.choria.server.provision";

    public const string Identity = "identity";

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
}
