namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// Reads newline-terminated request lines from a connection without ever buffering more than one maximal
/// line, so a client cannot make the endpoint hold an unbounded request in memory.
/// </summary>
internal sealed class RequestLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[maxLineBytes + 1];
    private int _start;
    private int _end;

    /// <summary>What a read produced.</summary>
    public enum Outcome
    {
        /// <summary>A complete line (without its newline) is in <see cref="LineRead.Line"/>.</summary>
        Line,

        /// <summary>The line is longer than the limit; the reader cannot continue.</summary>
        TooLong,

        /// <summary>The client closed its side between lines.</summary>
        Closed,

        /// <summary>The client closed its side in the middle of a line.</summary>
        ClosedMidLine,
    }

    /// <summary>A read's outcome; <see cref="Line"/> is valid only until the next read.</summary>
    public readonly record struct LineRead(Outcome Outcome, ReadOnlyMemory<byte> Line);

    /// <summary>True when part of a line has arrived and the rest has not.</summary>
    public bool HasPartialLine => _end > _start;

    public int PartialBytes => _end - _start;

    /// <param name="partialLineTimeout">How long to wait for the rest of a line once part of it has arrived.</param>
    /// <exception cref="TimeoutException">A partial line stayed incomplete for <paramref name="partialLineTimeout"/>.</exception>
    public async Task<LineRead> ReadAsync(TimeSpan partialLineTimeout, CancellationToken cancellation)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r')
                {
                    length--;
                }
                var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                _start = newline + 1;
                return new LineRead(Outcome.Line, line);
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                return new LineRead(Outcome.TooLong, default);
            }
            var read = HasPartialLine
                ? await ReadWithTimeoutAsync(partialLineTimeout, cancellation)
                : await stream.ReadAsync(_buffer.AsMemory(_end), cancellation);
            if (read == 0)
            {
                return new LineRead(HasPartialLine ? Outcome.ClosedMidLine : Outcome.Closed, default);
            }
            _end += read;
        }
    }

    private async Task<int> ReadWithTimeoutAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(timeout);
        try
        {
            return await stream.ReadAsync(_buffer.AsMemory(_end), timer.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"request line incomplete after {timeout.TotalSeconds:0.#} s ({PartialBytes} bytes received)");
        }
    }
}
