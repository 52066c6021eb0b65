using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>
/// A console connection at the byte level, to send what a well-behaved client never would. <see cref="OpenAsync"/>
/// reads the endpoint's greeting; <see cref="ConnectAsync"/> leaves every line, greeting or refusal, to the test.
/// </summary>
public sealed class RawConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly StreamReader _reader;

    private RawConnection(Socket socket)
    {
        Socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(Stream, Encoding.UTF8);
    }

    public Socket Socket { get; }

    public NetworkStream Stream { get; }

    /// <summary>The member incarnation the endpoint greeted with (after <see cref="OpenAsync"/>).</summary>
    public MemberIncarnation Member { get; private set; } = null!;

    /// <summary>Connects (from <paramref name="from"/>, a loopback address of its own, when given) and reads the greeting.</summary>
    public static async Task<RawConnection> OpenAsync(ConsoleAddress address, IPAddress? from = null)
    {
        var connection = await ConnectAsync(address, from);
        var greeting = await connection.ReadAsync();
        if (greeting is not { Kind: ResponseKinds.Greeting, Greeting.Member: { } member })
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"expected the console's greeting, got {greeting}");
        }
        connection.Member = member;
        return connection;
    }

    /// <summary>Connects (from <paramref name="from"/> when given) and reads nothing.</summary>
    public static async Task<RawConnection> ConnectAsync(ConsoleAddress address, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }
        await socket.ConnectAsync(address.Host, address.Port);
        return new RawConnection(socket);
    }

    public async Task SendAsync(string text) => await Stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public Task SendRequestAsync(string id, params string[] words) => SendRequestAsync(new ConsoleRequest(id, words));

    public Task SendRequestAsync(ConsoleRequest request) => SendAsync(JsonSerializer.Serialize(request) + "\n");

    /// <summary>The next response line, or null when the endpoint closed the connection.</summary>
    public async Task<ConsoleResponse?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var line = await _reader.ReadLineAsync(timeout.Token);
        return line is null ? null : JsonSerializer.Deserialize<ConsoleResponse>(line);
    }

    /// <summary>Responses up to and including the final one of request <paramref name="id"/>.</summary>
    public async Task<List<ConsoleResponse>> ReadUntilFinalAsync(string? id)
    {
        var responses = new List<ConsoleResponse>();
        while (await ReadAsync() is { } response)
        {
            responses.Add(response);
            if (response.Id == id && response.IsFinal)
            {
                break;
            }
        }
        return responses;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await Stream.DisposeAsync();
    }
}
