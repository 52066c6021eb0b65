using NATS.Client.Core;

namespace Provisioner.Agent.Runtime;

/// <summary>
/// A node's NATS connection together with which of its brokers it is on. NATS.Net keeps the connected URL to
/// itself, so the link notes each server the client is about to connect to (its <c>OnConnectingAsync</c> hook runs
/// before every attempt, reconnects included); while the connection is open the last one noted is the one in use.
/// Attach it before connecting.
/// </summary>
public sealed class BrokerLink
{
    private readonly IReadOnlyList<string> _servers;
    private readonly IReadOnlyList<Uri> _configured;
    private readonly string? _srvDomain;
    private volatile string _attempted = "";

    /// <param name="connection">The connection, not yet connected.</param>
    /// <param name="srvDomain">The domain whose SRV records gave the brokers, null when they were configured.</param>
    public BrokerLink(INatsConnection connection, string? srvDomain = null)
    {
        Connection = connection;
        _srvDomain = srvDomain;
        _servers = [.. connection.Opts.Url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        _configured = [.. _servers.Select(BrokerUrls.Parse)];
        var previous = connection.OnConnectingAsync;
        connection.OnConnectingAsync = async target =>
        {
            var chosen = previous is null ? target : await previous(target);
            _attempted = UrlOf(chosen.Host, chosen.Port);
            return chosen;
        };
    }

    public INatsConnection Connection { get; }

    /// <summary>The URL of the broker in use as Go's <c>ConnectedServer()</c> gives it; "" while not connected.</summary>
    public string ConnectedServer => Connection.ConnectionState == NatsConnectionState.Open ? _attempted : "";

    /// <summary>The connection as it is now.</summary>
    public BrokerConnection Now()
    {
        var options = Connection.Opts;
        var connected = ConnectedServer;
        return new BrokerConnection(
            connected,
            _servers,
            options.Name,
            IsTls(connected),
            options.NoRandomize,
            options.MaxReconnectRetry,
            options.ReconnectWaitMin,
            options.ConnectTimeout,
            options.PingInterval,
            options.MaxPingOut,
            _srvDomain);
    }

    // The client goes TLS when the URL or its options demand it, and otherwise whenever the server offers it.
    private bool IsTls(string connected)
    {
        if (connected.Length == 0 || Connection.Opts.TlsOpts.Mode == TlsMode.Disable)
        {
            return false;
        }
        var info = Connection.ServerInfo;
        return connected.StartsWith("tls://", StringComparison.OrdinalIgnoreCase) || info is { TlsRequired: true } || info is { TlsAvailable: true };
    }

    // A server the client learnt from the cluster is not configured; NATS.Net reaches it with the scheme it uses already.
    private string UrlOf(string host, int port)
    {
        var configured = _configured.FirstOrDefault(u => string.Equals(u.Host, host, StringComparison.OrdinalIgnoreCase) && BrokerUrls.PortOf(u) == port);
        var scheme = (configured ?? _configured.FirstOrDefault())?.Scheme ?? "nats";
        return BrokerUrls.Redacted(scheme, configured is null ? "" : Uri.UnescapeDataString(configured.UserInfo), configured?.Host ?? host, port);
    }
}
