using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// One client of the endpoint: greets it with the member incarnation its signatures must name, reads request lines, runs each request as its own task (so a stream can be
/// cancelled by a later line), and writes their responses one whole line at a time. Bad lines get an error
/// and the connection keeps serving; an over-long or unfinished line, or no first line in time, ends the
/// connection after saying why.
/// </summary>
internal sealed class ConsoleConnection(
    Socket socket,
    MemberIncarnation self,
    CommandPaletteRegistry registry,
    RequestAuthenticator authenticator,
    ConsoleOptions options,
    ILoggingAdapter log)
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);
    private const int DrainLimitBytes = 16 * 1024 * 1024;

    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<string, RunningRequest> _running = new(StringComparer.Ordinal);

    public IPEndPoint Remote { get; } = (IPEndPoint)socket.RemoteEndPoint!;

    private sealed record RunningRequest(ConsoleCommand Command, CancellationTokenSource Cancellation, Task Task);

    public async Task RunAsync(CancellationToken stopping)
    {
        var stop = stopping.Register(() => _closing.Cancel());
        var reader = new RequestLineReader(_stream, options.MaxRequestBytes, options.RequestLineTimeout);
        var clientClosed = false;
        var seconds = $"{options.RequestLineTimeout.TotalSeconds:0.#} s";
        try
        {
            await SendAsync(ConsoleResponse.Greet(self));
            while (!_closing.IsCancellationRequested)
            {
                var read = await reader.ReadAsync(_closing.Token);
                switch (read.Outcome)
                {
                    case RequestLineReader.Outcome.Line:
                        await HandleLineAsync(read.Line);
                        break;
                    case RequestLineReader.Outcome.TooLong:
                        await CloseWithErrorAsync(ConsoleErrorCodes.LineTooLong,
                            $"request line longer than {options.MaxRequestBytes} bytes; closing the connection");
                        return;
                    case RequestLineReader.Outcome.NoFirstLine:
                        await CloseWithErrorAsync(ConsoleErrorCodes.Idle,
                            $"no complete request line within {seconds} of connecting ({reader.PartialBytes} bytes received); closing the connection");
                        return;
                    case RequestLineReader.Outcome.Stalled:
                        await CloseWithErrorAsync(ConsoleErrorCodes.IncompleteLine,
                            $"request line incomplete after {seconds} ({reader.PartialBytes} bytes received); closing the connection");
                        return;
                    case RequestLineReader.Outcome.ClosedMidLine:
                        await CloseWithErrorAsync(ConsoleErrorCodes.IncompleteLine,
                            $"connection closed in the middle of a request line ({reader.PartialBytes} bytes discarded)");
                        return;
                    default:
                        clientClosed = true;
                        return;
                }
            }
        }
        catch (Exception e) when (IsConnectionGone(e))
        {
            // The client dropped the connection; the finally block cleans up after it.
        }
        finally
        {
            // The stop callback must be gone (or finished) before FinishAsync disposes what it cancels.
            await stop.DisposeAsync();
            await FinishAsync(clientClosed);
        }
    }

    private async Task FinishAsync(bool clientClosed)
    {
        // A client that only closed its sending side may still read the answers to finite requests; streams
        // would never end, and a dropped client reads nothing at all.
        foreach (var request in _running.Values.Where(r => !clientClosed || r.Command.Streaming))
        {
            await request.Cancellation.CancelAsync();
        }
        await Task.WhenAll(_running.Values.Select(r => r.Task));
        await _closing.CancelAsync();
        await _stream.DisposeAsync();
        _writeLock.Dispose();
        _closing.Dispose();
    }

    private async Task HandleLineAsync(ReadOnlyMemory<byte> line)
    {
        if (line.Span.Trim(" \t"u8).IsEmpty)
        {
            return;
        }
        ConsoleRequest? request;
        try
        {
            request = ConsoleLine.DecodeRequest(line.Span);
        }
        catch (JsonException e)
        {
            await SendAsync(ConsoleResponse.Error(null, ConsoleErrorCodes.BadRequest, DescribeJsonError(e)));
            return;
        }
        if (request is null || string.IsNullOrEmpty(request.Id))
        {
            await SendAsync(ConsoleResponse.Error(null, ConsoleErrorCodes.BadRequest, "request field 'id' is required (a non-empty string)"));
            return;
        }
        var id = request.Id;
        if (request.Cancel is not null)
        {
            if (request.Command is not null)
            {
                await SendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.BadRequest, "a request has either 'command' or 'cancel', not both"));
            }
            else if (_running.TryGetValue(request.Cancel, out var running))
            {
                await running.Cancellation.CancelAsync();
            }
            return;
        }
        if (request.Command is not { Count: > 0 } words || words.Any(string.IsNullOrEmpty))
        {
            await SendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.BadRequest,
                "request field 'command' is required: the command's words as non-empty strings, e.g. [\"cluster\",\"show\"]"));
            return;
        }
        if (words is [ConsoleRequest.DescribeCommand])
        {
            await SendAsync(new ConsoleResponse(id, ResponseKinds.Palette, Palettes: registry.Describe()));
            await SendAsync(ConsoleResponse.End(id));
            return;
        }
        if (!registry.TryResolve(words, out var command, out var arguments, out var code, out var error))
        {
            await SendAsync(ConsoleResponse.Error(id, code, error));
            return;
        }
        var verdict = authenticator.Authorize(command, words, request.Auth, Remote);
        if (!verdict.Allowed)
        {
            await SendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.Unauthorized, verdict.Reason));
            return;
        }
        if (_running.ContainsKey(id))
        {
            await SendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.BadRequest, $"request id '{id}' is already running on this connection"));
            return;
        }
        if (_running.Count >= options.MaxRequestsPerConnection)
        {
            await SendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.Busy,
                $"{options.MaxRequestsPerConnection} requests already run on this connection; cancel one or wait"));
            return;
        }
        Start(id, command, new CommandInvocation(command, arguments, verdict.Caller, new RequestOutput(this, id)));
    }

    private void Start(string id, ConsoleCommand command, CommandInvocation invocation)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        // The request must be listed before it can finish and remove itself, hence the gate.
        var gate = new TaskCompletionSource();
        var task = RunRequestAsync(id, invocation, cancellation, gate.Task);
        _running[id] = new RunningRequest(command, cancellation, task);
        gate.SetResult();
    }

    private async Task RunRequestAsync(string id, CommandInvocation invocation, CancellationTokenSource cancellation, Task registered)
    {
        await registered;
        // Off the reading loop: a handler's synchronous start must not delay the next request line.
        await Task.Yield();
        try
        {
            await invocation.Command.Handler(invocation, cancellation.Token);
            await SendAsync(ConsoleResponse.End(id));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await TrySendAsync(ConsoleResponse.End(id));
        }
        catch (CommandUsageException e)
        {
            await TrySendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.Usage, e.Message));
        }
        catch (CommandFailedException e)
        {
            await TrySendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.Failed, e.Message));
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException)
        {
            await TrySendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.Failed,
                $"no answer within {options.AskTimeout.TotalSeconds:0} s (is the cluster up and the leader reachable?)"));
        }
        catch (Exception e) when (IsConnectionGone(e))
        {
            await _closing.CancelAsync();
        }
        catch (Exception e)
        {
            log.Error(e, "console command '{0}' from {1} failed", invocation.Command.Name, Remote);
            await TrySendAsync(ConsoleResponse.Error(id, ConsoleErrorCodes.Failed, $"command failed: {e.Message}"));
        }
        finally
        {
            _running.TryRemove(id, out _);
            cancellation.Dispose();
        }
    }

    private async Task TrySendAsync(ConsoleResponse response)
    {
        try
        {
            await SendAsync(response);
        }
        catch (Exception e) when (IsConnectionGone(e))
        {
            await _closing.CancelAsync();
        }
    }

    private async Task SendAsync(ConsoleResponse response)
    {
        var line = ConsoleLine.Encode(response);
        using var timeout = new CancellationTokenSource(WriteTimeout);
        await _writeLock.WaitAsync(timeout.Token);
        try
        {
            await _stream.WriteAsync(line, timeout.Token);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Says why, stops sending, then reads and drops what the client is still sending for a moment: closing
    /// with unread input would reset the connection and the client could lose the error line.
    /// </summary>
    private async Task CloseWithErrorAsync(string code, string message)
    {
        log.Info("console closing connection from {0}: {1}", Remote, message);
        try
        {
            await SendAsync(ConsoleResponse.Error(null, code, message));
            socket.Shutdown(SocketShutdown.Send);
            using var drain = new CancellationTokenSource(DrainTimeout);
            var buffer = new byte[64 * 1024];
            var total = 0;
            int read;
            while (total < DrainLimitBytes && (read = await _stream.ReadAsync(buffer, drain.Token)) > 0)
            {
                total += read;
            }
        }
        catch (Exception e) when (IsConnectionGone(e))
        {
            // Nothing more to say to a client that is gone.
        }
    }

    private static bool IsConnectionGone(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or OperationCanceledException;

    private static string DescribeJsonError(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown request field at {path}; a request has id, command, auth, cancel";
        }
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"request field {path} has the wrong type (id and cancel are strings, command an array of strings, auth an object)";
        }
        var end = e.Message.IndexOf(" Path:", StringComparison.Ordinal);
        return $"malformed request JSON: {(end > 0 ? e.Message[..end] : e.Message)}";
    }

    private sealed class RequestOutput(ConsoleConnection connection, string id) : ICommandOutput
    {
        public Task LineAsync(string text, CancellationToken cancellation) =>
            connection.SendAsync(ConsoleResponse.Line(id, text));

        public Task TableAsync(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, CancellationToken cancellation) =>
            connection.SendAsync(ConsoleResponse.Table(id, columns, rows));
    }
}
