namespace Provisioner.Agent.Actions;

/// <summary>
/// Choria's provisioning lock: <c>configure</c>, <c>gen25519</c>, <c>gencsr</c>, <c>jwt</c> and
/// <c>release_update</c> run only for the caller holding it, keyed <c>&lt;senderid&gt;.&lt;callerid&gt;</c>.
/// A free or lapsed lock goes to whoever asks; each call by the holder extends it by the window (2 minutes),
/// so two provisioners cannot interleave steps on one node.
/// </summary>
public sealed class ProvisioningLock(TimeProvider clock, TimeSpan? window = null)
{
    /// <summary>How long a lock lasts after the holder's last call.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly TimeSpan _window = window ?? DefaultWindow;
    private string? _holder;
    private DateTimeOffset _until = DateTimeOffset.MinValue;

    /// <summary>The current holder while the lock is held, else null.</summary>
    public string? Holder
    {
        get
        {
            lock (_gate)
            {
                return clock.GetUtcNow() < _until ? _holder : null;
            }
        }
    }

    /// <summary>Takes or extends the lock for the caller; false when someone else holds it.</summary>
    public bool TryAcquire(string senderId, string callerId)
    {
        var key = $"{senderId}.{callerId}";
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now < _until && _holder != key)
            {
                return false;
            }
            _holder = key;
            _until = now + _window;
            return true;
        }
    }
}
