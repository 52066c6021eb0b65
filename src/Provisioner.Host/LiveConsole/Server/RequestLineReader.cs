using System.Diagnostics;

namespace Provisioner.Host.LiveConsole.Server;

/// <summary>
/// Reads newline-terminated request lines from a connection without ever buffering more than one maximal
/// line, so a client cannot make the endpoint hold an unbounded request in memory. A line must arrive whole
/// within the line timeout of its first byte (however slowly the bytes trickle in), and the first line within
/// the timeout of the connection opening, so a client cannot hold a connection by sending little or nothing.
/// </summary>
internal sealed class RequestLineReader(Stream stream, int maxLineBytes, TimeSpan lineTimeout)
{
    private readonly byte[] _buffer = new byte[maxLineBytes + 1];
    private readonly long _openedAt = Stopwatch.GetTimestamp();
    private int _start;
    private int _end;
    private bool _lineSeen;
    private long _lineStartedAt;

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

        /// <summary>No complete first line within the line timeout of the connection opening.</summary>
        NoFirstLine,

        /// <summary>A later line stayed incomplete for the line timeout after its first byte.</summary>
        Stalled,
    }

    /// <summary>A read's outcome; <see cref="Line"/> is valid only until the next read.</summary>
    public readonly record struct LineRead(Outcome Outcome, ReadOnlyMemory<byte> Line);

    /// <summary>True when part of a line has arrived and the rest has not.</summary>
    public bool HasPartialLine => _end > _start;

    public int PartialBytes => _end - _start;

    public async Task<LineRead> ReadAsync(CancellationToken cancellation)
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
                _lineSeen = true;
                // Bytes already buffered after this line start the next one now.
                _lineStartedAt = Stopwatch.GetTimestamp();
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
            var hadPartialLine = HasPartialLine;
            // Between lines a connection may wait as long as it likes: a person sits at the prompt, a stream runs.
            var read = !_lineSeen ? await ReadBeforeAsync(_openedAt, cancellation)
                : HasPartialLine ? await ReadBeforeAsync(_lineStartedAt, cancellation)
                : await stream.ReadAsync(_buffer.AsMemory(_end), cancellation);
            if (read is null)
            {
                return new LineRead(_lineSeen ? Outcome.Stalled : Outcome.NoFirstLine, default);
            }
            if (read == 0)
            {
                return new LineRead(HasPartialLine ? Outcome.ClosedMidLine : Outcome.Closed, default);
            }
            if (!hadPartialLine)
            {
                _lineStartedAt = Stopwatch.GetTimestamp();
            }
            _end += read.Value;
        }
    }

    /// <summary>Reads what arrives within the line timeout from <paramref name="since"/>; null when nothing does.</summary>
    private async Task<int?> ReadBeforeAsync(long since, CancellationToken cancellation)
    {
        var left = lineTimeout - Stopwatch.GetElapsedTime(since);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            return await stream.ReadAsync(_buffer.AsMemory(_end), timer.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }
}
