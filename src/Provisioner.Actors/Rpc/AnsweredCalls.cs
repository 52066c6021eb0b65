using System.Collections.Concurrent;

namespace Provisioner.Actors.Rpc;

/// <summary>
/// The request ids of calls that took their reply, most recent <see cref="Capacity"/> only, so that a later reply
/// to one of them is recognised as a duplicate (a node answering twice, or a forgery) rather than as noise.
/// Each is handed out once: a flood of copies of one reply yields one log line, not one per copy.
/// </summary>
internal sealed class AnsweredCalls
{
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, (string Identity, string RpcName)> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Add(string requestId, string identity, string rpcName)
    {
        if (!_calls.TryAdd(requestId, (identity, rpcName)))
        {
            return;
        }
        _order.Enqueue(requestId);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _calls.TryRemove(oldest, out _);
        }
    }

    /// <summary>The node and action <paramref name="requestId"/> was for, the first time it is asked for.</summary>
    public (string Identity, string RpcName)? Take(ReadOnlySpan<char> requestId) =>
        _calls.GetAlternateLookup<ReadOnlySpan<char>>().TryRemove(requestId, out _, out var call) ? call : null;
}

