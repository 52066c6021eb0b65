namespace Provisioner.Agent.Runtime;

/// <summary>
/// What a node knows about its broker connection at the moment it answers: the URL it is on (Go's
/// <c>ConnectedServer()</c>, "" while not connected), which goes into every reply's <c>seen-by</c> hop, and the
/// options and broker list <c>choria_util#info</c> reports.
/// </summary>
public sealed record BrokerConnection(
    string ConnectedServer,
    IReadOnlyList<string> Servers,
    string Name,
    bool Secure,
    bool NoRandomize,
    int MaxReconnect,
    TimeSpan ReconnectWait,
    TimeSpan ConnectTimeout,
    TimeSpan PingInterval,
    int MaxPingsOut,
    string? SrvDomain)
{
    /// <summary>The brokers as <c>host:port</c>, as Choria lists its middleware servers.</summary>
    public IReadOnlyList<string> HostPorts => [.. Servers.Select(BrokerUrls.HostPort)];
}
