using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Provisioner.Actors.Cluster;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server.Palettes;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// The live console of one member: a TCP endpoint speaking line-delimited JSON (<see cref="ConsoleRequest"/> in,
/// <see cref="ConsoleResponse"/> out) that serves the registered palettes. Start it with <see cref="StartAsync"/>;
/// dispose it to stop listening and close every connection. It stops by itself when the actor system terminates.
/// Connections are capped per source address, and in all for addresses other than loopback, so neither one busy
/// address nor many remote ones can lock the box's own operator out.
/// </summary>
public sealed class ConsoleEndpoint : IAsyncDisposable, IDisposable
{
    private readonly TcpListener _listener;
    private readonly CommandPaletteRegistry _registry = new();
    private readonly RequestAuthenticator _authenticator;
    private readonly ConsoleOptions _options;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ConsoleConnection, Task> _connections = new();
    private readonly Lock _countLock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly MemberIncarnation _self;
    private int _remote;
    private ConsoleLoginTokens? _logins;
    private Task _accepting = Task.CompletedTask;
    private int _disposed;

    private ConsoleEndpoint(TcpListener listener, MemberIncarnation self, RequestAuthenticator authenticator, ConsoleOptions options, ILoggingAdapter log)
    {
        _listener = listener;
        _self = self;
        _authenticator = authenticator;
        _options = options;
        _log = log;
        EndPoint = (IPEndPoint)listener.LocalEndpoint;
    }

    /// <summary>The address and port actually bound (the chosen port when the options asked for 0).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Connections open right now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>Adds a palette; clients see it in their next <c>describe</c>.</summary>
    /// <exception cref="ArgumentException">The name is taken or invalid.</exception>
    public void Register(ICommandPalette palette) => _registry.Register(palette);

    /// <summary>
    /// Binds the endpoint with the built-in palettes (cluster, actor, shard, node, provisioner, log) and starts
    /// serving. <paramref name="cancellation"/> cancels only the start; <paramref name="clock"/> (the system's when
    /// null) dates signed requests.
    /// </summary>
    /// <exception cref="ConsoleStartException">
    /// A non-loopback address without authorized keys, an unreadable keys file, or an address that cannot be bound.
    /// </exception>
    public static async Task<ConsoleEndpoint> StartAsync(ActorSystem system, ProvisionerCluster cluster, ConsoleOptions options, CancellationToken cancellation, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var address = await ResolveAsync(options.Address, cancellation);
        var keys = LoadKeys(options.AuthorizedKeysFile);
        if (!RequestAuthenticator.IsLoopback(address) && keys.Count == 0 && string.IsNullOrWhiteSpace(options.LoginVerifyKey))
        {
            throw new ConsoleStartException(
                $"refusing to open the console on {address}, which is not a loopback address, without authorized keys: " +
                "list the Ed25519 public keys allowed to change the cluster in an authorized keys file (provisioner cmd keygen makes one), " +
                "or accept AAA logins (provisioner.console.login-verify-key), or bind 127.0.0.1");
        }
        var logins = string.IsNullOrWhiteSpace(options.LoginVerifyKey) ? null : ConsoleLoginTokens.Load(options.LoginVerifyKey, options.LoginMaxValidity);
        var listener = new TcpListener(address, options.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            listener.Dispose();
            logins?.Dispose();
            throw new ConsoleStartException($"cannot listen on {address}:{options.Port}: {e.Message}", e);
        }
        ConsoleLogRing.EnsureFed(system);
        var log = Akka.Event.Logging.GetLogger(system, "console");
        var self = Akka.Cluster.Cluster.Get(system).SelfUniqueAddress;
        var incarnation = new MemberIncarnation(self.Address.ToString(), self.Uid);
        var authenticator = new RequestAuthenticator(incarnation, keys, options, clock ?? TimeProvider.System, log, logins);
        var endpoint = new ConsoleEndpoint(listener, incarnation, authenticator, options, log) { _logins = logins };
        endpoint.RegisterBuiltIns(system, cluster);
        try
        {
            endpoint.WriteEndpointFile();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await endpoint.DisposeAsync();
            throw new ConsoleStartException($"cannot write the console address to {options.EndpointFile}: {e.Message}", e);
        }
        log.Info("console listening on {0} for {1} ({2} authorized keys; login tokens {3}; loopback {4})",
            endpoint.EndPoint, incarnation, keys.Count, logins is null ? "refused" : "accepted", options.TrustLoopback ? "may change the cluster" : "must sign too");
        endpoint._accepting = endpoint.AcceptAsync();
        system.RegisterOnTermination(() => _ = endpoint.DisposeAsync().AsTask());
        return endpoint;
    }

    private void RegisterBuiltIns(ActorSystem system, ProvisionerCluster cluster)
    {
        Register(new ClusterPalette(system, cluster.Leader, _options.AskTimeout));
        Register(new ActorPalette(system));
        Register(new ShardPalette(system, _options.AskTimeout));
        // The system's shared materializer: it lives as long as the member, so the endpoint must not dispose it.
        Register(new NodePalette(cluster, _options.AskTimeout));
        Register(new ProvisionerPalette(cluster.Leader, _options.AskTimeout));
        Register(new LogPalette(ConsoleLogRing.For(system)));
    }

    private static void Validate(ConsoleOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ConsoleStartException($"console port must be 0 to 65535, got {options.Port}");
        }
        if (options.MaxRequestBytes < 1024)
        {
            throw new ConsoleStartException($"console MaxRequestBytes must be at least 1024, got {options.MaxRequestBytes}");
        }
        if (options.SignatureWindow <= TimeSpan.Zero || options.SignatureWindow > ConsoleOptions.MaxSignatureWindow)
        {
            throw new ConsoleStartException($"console SignatureWindow must be positive and at most {ConsoleOptions.MaxSignatureWindow.TotalSeconds:0} s, got {options.SignatureWindow}");
        }
        if (options.RequestLineTimeout <= TimeSpan.Zero)
        {
            throw new ConsoleStartException($"console request-line-timeout must be positive, got {options.RequestLineTimeout}");
        }
        if (options.MaxConnectionsPerAddress < 1)
        {
            throw new ConsoleStartException($"console max-connections-per-address must be at least 1, got {options.MaxConnectionsPerAddress}");
        }
        if (options.MaxConnections < 1 || options.MaxRequestsPerConnection < 1)
        {
            throw new ConsoleStartException("console MaxConnections and MaxRequestsPerConnection must be positive");
        }
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellation)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellation);
            return addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
                ?? throw new ConsoleStartException($"console address {host} resolves to no IP address");
        }
        catch (SocketException e)
        {
            throw new ConsoleStartException($"console address {host} cannot be resolved: {e.Message}", e);
        }
    }

    private static AuthorizedKeys LoadKeys(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return AuthorizedKeys.None;
        }
        try
        {
            return AuthorizedKeys.Load(path);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new ConsoleStartException($"cannot read the console's authorized keys: {e.Message}", e);
        }
    }

    /// <summary>An address a client on this box can connect to: loopback stands in for the any-address.</summary>
    private string ConnectableAddress()
    {
        var address = EndPoint.Address;
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }
        return new IPEndPoint(address, EndPoint.Port).ToString();
    }

    private void WriteEndpointFile()
    {
        if (_options.EndpointFile is { } file)
        {
            var temp = file + ".tmp";
            File.WriteAllText(temp, ConnectableAddress() + "\n");
            File.Move(temp, file, overwrite: true);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Warning("console accept failed: {0}", e.Message);
                continue;
            }
            var from = SourceOf(socket);
            if (Admit(from) is { } refusal)
            {
                _ = RefuseAsync(socket, refusal);
                continue;
            }
            var connection = new ConsoleConnection(socket, _self, _registry, _authenticator, _options, _log);
            var served = new TaskCompletionSource();
            _connections[connection] = served.Task;
            _ = ServeAsync(connection, from, served);
        }
    }

    private static IPAddress SourceOf(Socket socket)
    {
        var address = ((IPEndPoint)socket.RemoteEndPoint!).Address;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>Counts the connection in, or says why not.</summary>
    private string? Admit(IPAddress from)
    {
        var loopback = RequestAuthenticator.IsLoopback(from);
        lock (_countLock)
        {
            var open = _perAddress.GetValueOrDefault(from);
            if (open >= _options.MaxConnectionsPerAddress)
            {
                return $"{from} already has {open} console connections open; close one and try again";
            }
            if (!loopback && _remote >= _options.MaxConnections)
            {
                return $"the console already serves {_options.MaxConnections} connections";
            }
            _perAddress[from] = open + 1;
            if (!loopback)
            {
                _remote++;
            }
            return null;
        }
    }

    private void Release(IPAddress from)
    {
        lock (_countLock)
        {
            if (--_perAddress[from] == 0)
            {
                _perAddress.Remove(from);
            }
            if (!RequestAuthenticator.IsLoopback(from))
            {
                _remote--;
            }
        }
    }

    private async Task ServeAsync(ConsoleConnection connection, IPAddress from, TaskCompletionSource served)
    {
        try
        {
            await Task.Yield();
            await connection.RunAsync(_stopping.Token);
        }
        catch (Exception e)
        {
            _log.Warning("console connection from {0} ended with {1}: {2}", connection.Remote, e.GetType().Name, e.Message);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            Release(from);
            served.TrySetResult();
        }
    }

    private static async Task RefuseAsync(Socket socket, string reason)
    {
        using (socket)
        {
            try
            {
                await socket.SendAsync(ConsoleLine.Encode(ConsoleResponse.Error(null, ConsoleErrorCodes.Busy, reason)));
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The refused client left first.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        if (_options.EndpointFile is { } file)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A stale address file only misleads; nothing else depends on removing it.
            }
        }
        _stopping.Dispose();
        _logins?.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
