namespace Provisioner.Host.Members.Choria;

/// <summary>
/// The broker from a Choria client configuration (<c>key = value</c> lines, <c>#</c> comments): the provisioner
/// connects where <c>plugin.choria.middleware_hosts</c> points, as Choria's provisioner does with its client config.
/// </summary>
public static class ChoriaClientConfig
{
    /// <summary>The flag the file comes from.</summary>
    public const string Flag = "--choria-client-config";

    public const string MiddlewareHostsKey = "plugin.choria.middleware_hosts";

    /// <summary>The broker URLs the file names, comma-separated; <c>host:port</c> entries become <c>nats://host:port</c>. Null when the file names none.</summary>
    /// <exception cref="MemberConfigurationException">The file is missing or an entry is not a host and port.</exception>
    public static string? MiddlewareHosts(string path)
    {
        if (!File.Exists(path))
        {
            throw new MemberConfigurationException([$"{Flag}: {Path.GetFullPath(path)} does not exist"]);
        }
        string? hosts = null;
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            var equals = text.IndexOf('=');
            // Later lines win, as in Choria's reader.
            if (!text.StartsWith('#') && equals > 0 && text[..equals].Trim() == MiddlewareHostsKey)
            {
                hosts = text[(equals + 1)..].Trim();
            }
        }
        if (string.IsNullOrEmpty(hosts))
        {
            return null;
        }
        var urls = hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Url).ToList();
        return urls.All(u => u is not null)
            ? string.Join(",", urls)
            : throw new MemberConfigurationException([$"{MiddlewareHostsKey}: '{hosts}' is not a list of host:port"]);
    }

    private static string? Url(string entry)
    {
        var url = entry.Contains("://", StringComparison.Ordinal) ? entry : "nats://" + entry;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0 && uri.Host.Length > 0 ? url : null;
    }
}
