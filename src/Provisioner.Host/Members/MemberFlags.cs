namespace Provisioner.Host.Members;

/// <summary>The command-line flags of <c>provisioner member</c>; null or empty means not given.</summary>
public sealed record MemberFlags
{
    /// <summary>HOCON files, later ones winning.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];
    /// <summary>Choria's provisioner YAML, read as one more --config file that comes last.</summary>
    public string? ChoriaConfig { get; init; }
    /// <summary>A Choria client configuration naming the broker (<c>plugin.choria.middleware_hosts</c>).</summary>
    public string? ChoriaClientConfig { get; init; }
    public string? Hostname { get; init; }
    public int? Port { get; init; }
    public IReadOnlyList<string> Seeds { get; init; } = [];
    public string? Database { get; init; }
    public string? Connection { get; init; }
    public string? NatsUrl { get; init; }
    public int? MetricsPort { get; init; }
    public string? MetricsBind { get; init; }
    public string? Console { get; init; }
    public string? Web { get; init; }
    public string? ClusterTlsCert { get; init; }
    public string? ClusterTlsKey { get; init; }
    public string? ClusterTlsCa { get; init; }
    public string? LogLevel { get; init; }
    public string? LogFormat { get; init; }
    public string? LogFile { get; init; }
}
