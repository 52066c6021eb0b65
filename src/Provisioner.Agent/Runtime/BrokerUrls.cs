namespace Provisioner.Agent.Runtime;

/// <summary>How a broker URL is written where Choria shows it: <c>scheme://host:port</c>, or <c>host:port</c>.</summary>
public static class BrokerUrls
{
    /// <summary>The port a URL without one connects to (NATS's default, for nats:// and tls:// alike).</summary>
    public const int DefaultPort = 4222;

    /// <summary>Parses one configured broker address; one without a scheme is <c>nats://</c>.</summary>
    public static Uri Parse(string address)
    {
        var text = address.Trim();
        return new Uri(text.Contains("://", StringComparison.Ordinal) ? text : "nats://" + text, UriKind.Absolute);
    }

    /// <summary>The port of a parsed broker URL, the default when it names none.</summary>
    public static int PortOf(Uri url) => url.IsDefaultPort || url.Port < 0 ? DefaultPort : url.Port;

    /// <summary><c>host:port</c> of a broker address.</summary>
    public static string HostPort(string address)
    {
        var url = Parse(address);
        return $"{url.Host}:{PortOf(url)}";
    }

    /// <summary>
    /// The URL as Go's <c>ConnectedUrlRedacted()</c> writes it: scheme, a password replaced by <c>xxxxx</c>, host and
    /// port. Go leaves a user-only (token) login in the clear; here it is masked as well, because seen-by and info
    /// travel to every reader of the reply subject.
    /// </summary>
    public static string Redacted(string scheme, string userInfo, string host, int port)
    {
        var login = userInfo.Length == 0 ? ""
            : userInfo.Contains(':', StringComparison.Ordinal) ? $"{userInfo[..userInfo.IndexOf(':', StringComparison.Ordinal)]}:xxxxx@"
            : "xxxxx@";
        return $"{scheme}://{login}{host}:{port}";
    }
}
