using System.Diagnostics;

namespace Provisioner.IntegrationTests.Tracing;

/// <summary>The in-memory exporter's list: it adds from whichever thread ends a span while the test reads.</summary>
public sealed class LockedSpans : ICollection<Activity>
{
    private readonly List<Activity> _items = [];

    public int Count { get { lock (_items) return _items.Count; } }
    public bool IsReadOnly => false;
    public void Add(Activity item) { lock (_items) _items.Add(item); }
    public void Clear() { lock (_items) _items.Clear(); }
    public bool Contains(Activity item) { lock (_items) return _items.Contains(item); }
    public void CopyTo(Activity[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
    public bool Remove(Activity item) { lock (_items) return _items.Remove(item); }
    public List<Activity> Snapshot() { lock (_items) return [.. _items]; }
    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
