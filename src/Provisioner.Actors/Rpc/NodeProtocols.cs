using System.Collections.Concurrent;

namespace Provisioner.Actors.Rpc;

/// <summary>
/// Which protocol each node answered in, learned from its discovery pongs and its replies. A node speaks one
/// protocol and drops the other without a word (choria-v2 §1.0), so a node not heard from yet is asked in both,
/// and one that stopped answering is forgotten, in case it came back speaking the other (re-imaged, new token).
/// Only the <see cref="DefaultCapacity"/> nodes first heard from most recently are kept: what matters is the nodes
/// being provisioned now, and a table of every node ever heard from grew with the fleet (86,000 entries, ~11 MB, on
/// the leader's host after 100,000 nodes). A node forgotten that way is asked in both protocols again.
/// </summary>
internal sealed class NodeProtocols(int capacity = NodeProtocols.DefaultCapacity)
{
    /// <summary>Far above the nodes a cluster has in flight (admission and attempts, a few thousand at most).</summary>
    public const int DefaultCapacity = 16_384;

    private readonly ConcurrentDictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>1 or 2 once heard from, 0 while unknown.</summary>
    public int Of(string identity) => _versions.TryGetValue(identity, out var version) ? version : 0;

    public void Learn(string identity, int version)
    {
        if (version is not (1 or 2))
        {
            return;
        }
        if (!_versions.TryAdd(identity, version))
        {
            _versions[identity] = version;
            return;
        }
        _order.Enqueue(identity);
        while (_order.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _versions.TryRemove(oldest, out _);
        }
    }

    public void Forget(string identity) => _versions.TryRemove(identity, out _);
}
