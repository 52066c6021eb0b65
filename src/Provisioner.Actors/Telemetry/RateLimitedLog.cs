namespace Provisioner.Actors.Telemetry;

/// <summary>
/// Writes at most one line per <paramref name="interval"/> for a kind of event that an outsider can repeat at
/// will (a malformed identity, a full queue): the first report in an interval is written with how many were
/// left unwritten since the previous line, so a flood costs a line every few seconds and is never silent.
/// </summary>
public sealed class RateLimitedLog(TimeSpan interval, TimeProvider clock, Action<string, long> write)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastWritten;
    private long _unwritten;

    /// <summary>Reports one occurrence; <paramref name="detail"/> is written only when the interval allows a line.</summary>
    public void Report(string detail)
    {
        long skipped;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_lastWritten is { } last && now - last < interval)
            {
                _unwritten++;
                return;
            }
            _lastWritten = now;
            skipped = _unwritten;
            _unwritten = 0;
        }
        write(detail, skipped);
    }
}
