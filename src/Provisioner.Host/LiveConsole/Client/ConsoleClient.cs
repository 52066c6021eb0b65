using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Security.Keys;

namespace Provisioner.Host.LiveConsole.Client;

/// <summary>
/// A connection to a member's console endpoint: reads the endpoint's greeting, then runs one command at a time and
/// yields its responses until the final <c>end</c> or <c>error</c>. Signs every command, for the member incarnation
/// the greeting names, when it holds a key, and sends the login token that vouches for the key when it has one. Cancelling a running command asks
/// the endpoint to stop it and still reads up to its <c>end</c>, so the connection stays usable.
/// </summary>
public sealed class ConsoleClient : IAsyncDisposable
{
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly Ed25519KeyPair? _key;
    private readonly string? _loginToken;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _nextId;

    private ConsoleClient(TcpClient tcp, ConsoleAddress address, Ed25519KeyPair? key, string? loginToken, TimeProvider clock)
    {
        _loginToken = loginToken;
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
        _key = key;
        _clock = clock;
        Address = address;
    }

    public ConsoleAddress Address { get; }

    /// <summary>The member incarnation this connection serves, as its greeting said.</summary>
    public MemberIncarnation Member { get; private set; } = null!;

    /// <exception cref="SocketException">Nothing listens there, or the host is unknown.</exception>
    /// <exception cref="TimeoutException">No connection or greeting within <paramref name="timeout"/>.</exception>
    /// <exception cref="IOException">The endpoint refused the connection or does not speak this client's protocol.</exception>
    /// <param name="loginToken">A login JWT whose <c>public_key</c> is <paramref name="key"/>'s, sent with every signed command.</param>
    public static async Task<ConsoleClient> ConnectAsync(ConsoleAddress address, Ed25519KeyPair? key, TimeSpan timeout, CancellationToken cancellation, TimeProvider? clock = null,
        string? loginToken = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await tcp.ConnectAsync(address.Host, address.Port, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new TimeoutException($"no connection to {address} within {timeout.TotalSeconds:0} s");
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        var client = new ConsoleClient(tcp, address, key, loginToken, clock ?? TimeProvider.System);
        try
        {
            client.Member = await client.ReadGreetingAsync(deadline.Token);
            return client;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            await client.DisposeAsync();
            throw new TimeoutException($"no greeting from the console at {address} within {timeout.TotalSeconds:0} s");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task<MemberIncarnation> ReadGreetingAsync(CancellationToken cancellation)
    {
        var line = await _reader.ReadLineAsync(cancellation) ?? throw new IOException("the console closed the connection without a greeting");
        ConsoleResponse? first;
        try
        {
            first = ConsoleLine.DecodeResponse(line);
        }
        catch (JsonException e)
        {
            throw new IOException($"the console sent a line that is not a response: {e.Message}");
        }
        return first switch
        {
            { Kind: ResponseKinds.Error } => throw new IOException($"the console refused the connection: {first.Message}"),
            { Kind: ResponseKinds.Greeting, Greeting: { Protocol: ConsoleGreeting.CurrentProtocol, Member: { } member } } => member,
            { Kind: ResponseKinds.Greeting, Greeting: { } other } =>
                throw new IOException($"the console speaks protocol {other.Protocol}; this client speaks {ConsoleGreeting.CurrentProtocol}"),
            _ => throw new IOException($"the console did not greet with its protocol and member (got a '{first?.Kind}' line)"),
        };
    }

    /// <summary>The endpoint's palettes, for help and completion.</summary>
    /// <exception cref="IOException">The connection broke or the endpoint refused.</exception>
    public async Task<IReadOnlyList<PaletteDescription>> DescribeAsync(CancellationToken cancellation)
    {
        IReadOnlyList<PaletteDescription> palettes = [];
        await foreach (var response in RunAsync([ConsoleRequest.DescribeCommand], cancellation))
        {
            if (response.Palettes is { } described)
            {
                palettes = described;
            }
            else if (response.Kind == ResponseKinds.Error)
            {
                throw new IOException($"the console refused describe: {response.Message}");
            }
        }
        return palettes;
    }

    /// <summary>Sends the command and yields its responses, the last being its <c>end</c> or <c>error</c>.</summary>
    /// <exception cref="IOException">The connection closed before the command ended.</exception>
    public async IAsyncEnumerable<ConsoleResponse> RunAsync(IReadOnlyList<string> words, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var signature = _key is null || words is [ConsoleRequest.DescribeCommand]
            ? null
            : ConsoleSignature.Sign(_key, Member, words, _clock.GetUtcNow()) with { Token = _loginToken };
        await WriteAsync(new ConsoleRequest(id, words, signature), cancellation);

        using var abandon = new CancellationTokenSource();
        await using var onCancel = cancellation.Register(() =>
        {
            abandon.CancelAfter(CancelGrace);
            _ = CancelAsync(id);
        });
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(abandon.Token);
            }
            catch (OperationCanceledException)
            {
                throw new IOException($"the console did not stop the command within {CancelGrace.TotalSeconds:0} s");
            }
            if (line is null)
            {
                throw new IOException($"the console at {Address} closed the connection");
            }
            ConsoleResponse? response;
            try
            {
                response = ConsoleLine.DecodeResponse(line);
            }
            catch (JsonException e)
            {
                throw new IOException($"the console sent a line that is not a response: {e.Message}");
            }
            // An error without an id is about the connection itself (line too long...): it ends every request.
            if (response is null || (response.Id != id && response.Id is not null))
            {
                continue;
            }
            yield return response;
            if (response.IsFinal || response.Id is null)
            {
                yield break;
            }
        }
    }

    private async Task CancelAsync(string id)
    {
        try
        {
            await WriteAsync(new ConsoleRequest($"{id}-cancel", Cancel: id), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The connection is gone, and the command with it.
        }
    }

    private async Task WriteAsync(ConsoleRequest request, CancellationToken cancellation)
    {
        var line = ConsoleLine.Encode(request);
        await _writeLock.WaitAsync(cancellation);
        try
        {
            await _stream.WriteAsync(line, cancellation);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            throw new IOException($"the connection to {Address} is closed", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _tcp.Dispose();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
