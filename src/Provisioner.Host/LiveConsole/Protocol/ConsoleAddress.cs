using System.Globalization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>Where a console client connects: <c>host:port</c>, <c>[v6]:port</c>, or a host alone (on <see cref="DefaultPort"/>).</summary>
public sealed record ConsoleAddress(string Host, int Port)
{
    /// <summary>The port an endpoint binds and a client connects to when neither names one.</summary>
    public const int DefaultPort = 9110;

    public static ConsoleAddress Default { get; } = new("127.0.0.1", DefaultPort);

    public static bool TryParse(string text, out ConsoleAddress address)
    {
        address = Default;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace) || text.Contains('/'))
        {
            return false;
        }
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    return false;
                }
                port = rest[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon != text.IndexOf(':'))
            {
                return false;
            }
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }
        var number = DefaultPort;
        if (host.Length == 0 || (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535)))
        {
            return false;
        }
        address = new ConsoleAddress(host, number);
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
