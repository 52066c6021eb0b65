using System.Net;

namespace Provisioner.Host.Web;

/// <summary>Where the web view listens: <c>provisioner.web.bind</c>, <c>--web</c>, <c>PROVISIONER_WEB</c>.</summary>
public static class WebViewSettings
{
    /// <summary>Loopback, as the console: only whoever runs on the box sees the fleet unless the operator says otherwise.</summary>
    public const string DefaultBind = "127.0.0.1:9120";

    private const string Off = "off";

    /// <summary>The address to listen on, or null when the web view is off; a problem names the setting.</summary>
    /// <exception cref="FormatException"><paramref name="bind"/> is neither host:port nor off.</exception>
    public static IPEndPoint? Parse(string bind)
    {
        if (string.IsNullOrWhiteSpace(bind) || string.Equals(bind.Trim(), Off, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return IPEndPoint.TryParse(bind.Trim(), out var endPoint) && bind.Contains(':')
            ? endPoint
            : throw new FormatException($"provisioner.web.bind: '{bind}' is not an IP address and port (127.0.0.1:9120) or off");
    }
}
