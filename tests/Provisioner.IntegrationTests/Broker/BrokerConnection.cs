using System.Collections.Concurrent;
using NATS.Client.Core;
using Provisioner.Testing;

namespace Provisioner.IntegrationTests.Broker;

/// <summary>A client connection to the test broker that records the server's errors (permission violations do not disconnect).</summary>
public sealed class BrokerConnection : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();

    private BrokerConnection(NatsConnection connection)
    {
        Connection = connection;
        Connection.ServerError += (_, e) =>
        {
            _errors.Enqueue(e.Error);
            return ValueTask.CompletedTask;
        };
    }

    public NatsConnection Connection { get; }

    public IReadOnlyCollection<string> Errors => _errors.ToArray();

    /// <param name="inboxPrefix">Where NATS.Net puts its reply inbox; restricted users need one inside their subscribe list.</param>
    public static NatsOpts Options(string url, NatsAuthOpts auth, NatsTlsOpts? tls = null, string? inboxPrefix = null) => new()
    {
        Url = url,
        InboxPrefix = inboxPrefix ?? "_INBOX",
        AuthOpts = auth,
        TlsOpts = tls ?? NatsTlsOpts.Default,
        MaxReconnectRetry = 0,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<BrokerConnection> ConnectAsync(string url, NatsAuthOpts auth, NatsTlsOpts? tls = null, string? inboxPrefix = null)
    {
        var connection = new BrokerConnection(new NatsConnection(Options(url, auth, tls, inboxPrefix)));
        await connection.Connection.ConnectAsync();
        return connection;
    }

    /// <summary>Connects and returns the failure; throws when the server let the client in.</summary>
    public static async Task<Exception> RefusedAsync(string url, NatsAuthOpts auth)
    {
        await using var connection = new NatsConnection(Options(url, auth));
        try
        {
            await connection.ConnectAsync();
            await connection.PingAsync();
        }
        catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
        {
            return e;
        }
        throw new InvalidOperationException($"the broker accepted the connection (state {connection.ConnectionState})");
    }

    /// <summary>Waits until the server reported a permission violation mentioning <paramref name="subject"/>.</summary>
    public Task ViolationReportedAsync(string kind, string subject) =>
        Eventually.TrueAsync(
            () => _errors.Any(e => e.Contains("Permissions Violation", StringComparison.OrdinalIgnoreCase) && e.Contains(kind, StringComparison.OrdinalIgnoreCase) && e.Contains($"\"{subject}\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20),
            $"no permissions violation for {kind} \"{subject}\"; errors: {string.Join(" | ", _errors)}");

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
