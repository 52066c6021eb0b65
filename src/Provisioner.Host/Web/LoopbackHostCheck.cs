using System.Net;
using Microsoft.AspNetCore.Http;

namespace Provisioner.Host.Web;

/// <summary>
/// On a loopback address the web view answers only requests addressed to loopback (127.0.0.1, ::1, localhost): a web
/// page elsewhere that rebinds its own name to 127.0.0.1 would otherwise read the fleet through the operator's browser.
/// </summary>
public static class LoopbackHostCheck
{
    /// <summary>Whether the <c>Host</c> header names loopback.</summary>
    public static bool Allows(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }
        var name = host.Host.Trim('[', ']');
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }
}
