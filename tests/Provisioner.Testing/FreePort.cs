using System.Net;
using System.Net.Sockets;

namespace Provisioner.Testing;

/// <summary>Finds TCP ports on 127.0.0.1 that nothing listens on right now.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// <paramref name="count"/> different free ports, none equal to <paramref name="besides"/>. They are held open together
    /// while chosen: once a port is closed the kernel may hand it out again at once, so calling <see cref="Next"/> twice
    /// can give one process the same port for two listeners.
    /// </summary>
    public static int[] Distinct(int count, int? besides = null)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new List<int>();
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (port != besides)
                {
                    ports.Add(port);
                }
            }
            return [.. ports];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
