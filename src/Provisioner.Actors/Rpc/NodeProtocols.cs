using System.Collections.Concurrent;

namespace Provisioner.Actors.Rpc;

/// <summary>
/// Which protocol each node answered in, learned from its discovery pongs and its replies. A node speaks one
/// protocol and drops the other without a word (choria-v2 §1.0), so a node not heard from yet is asked in both,
/// and one that stopped answering is forgotten, in case it came back speaking the other (re-imaged, new token).
/// </summary>
internal sealed class NodeProtocols
{
    private readonly ConcurrentDictionary<string, int> _versions = new(StringComparer.Ordinal);

    /// <summary>1 or 2 once heard from, 0 while unknown.</summary>
    public int Of(string identity) => _versions.TryGetValue(identity, out var version) ? version : 0;

    public void Learn(string identity, int version)
    {
        if (version is 1 or 2)
        {
            _versions[identity] = version;
        }
    }

    public void Forget(string identity) => _versions.TryRemove(identity, out _);
}
