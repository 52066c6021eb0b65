namespace Provisioner.Host.Members;

/// <summary>The PROVISIONER_* environment variables a member and <c>provisioner report</c> read; an empty one counts as unset.</summary>
public static class ProvisionerVariables
{
    public const string Hostname = "PROVISIONER_HOSTNAME";
    public const string Port = "PROVISIONER_PORT";
    public const string Seeds = "PROVISIONER_SEEDS";
    public const string Database = "PROVISIONER_DB";
    public const string Connection = "PROVISIONER_DB_CONNECTION";
    public const string NatsUrl = "PROVISIONER_NATS_URL";
    /// <summary>The broker password; beats <c>provisioner.nats.password-file</c>.</summary>
    public const string NatsPassword = "PROVISIONER_NATS_PASSWORD";
    public const string MetricsPort = "PROVISIONER_METRICS_PORT";
    public const string MetricsBind = "PROVISIONER_METRICS_BIND";
    public const string Console = "PROVISIONER_CONSOLE";
    public const string ConsoleTrustLoopback = "PROVISIONER_CONSOLE_TRUST_LOOPBACK";
    /// <summary>The web view's host:port, or off; beats <c>provisioner.web.bind</c>.</summary>
    public const string Web = "PROVISIONER_WEB";
    /// <summary>on/off: refuse provisioning tokens without <c>exp</c>; beats <c>provisioner.require-token-expiry</c>.</summary>
    public const string RequireTokenExpiry = "PROVISIONER_REQUIRE_TOKEN_EXPIRY";
    public const string ClusterTlsCert = "PROVISIONER_CLUSTER_TLS_CERT";
    public const string ClusterTlsKey = "PROVISIONER_CLUSTER_TLS_KEY";
    public const string ClusterTlsCa = "PROVISIONER_CLUSTER_TLS_CA";
    /// <summary>trace, debug, info, warning or error, for the member, the agent and the fleet simulator alike.</summary>
    public const string LogLevel = "PROVISIONER_LOG_LEVEL";
    /// <summary>text or json.</summary>
    public const string LogFormat = "PROVISIONER_LOG_FORMAT";
    /// <summary>A file log lines are appended to.</summary>
    public const string LogFile = "PROVISIONER_LOG_FILE";

    /// <summary>
    /// The version <c>provisioner agent run</c> reports instead of its built-in one: how a release published from a
    /// launcher script (a test or demo release) names the version it is.
    /// </summary>
    public const string AgentVersion = "PROVISIONER_AGENT_VERSION";

    /// <summary>This process's environment.</summary>
    public static string? FromProcess(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
