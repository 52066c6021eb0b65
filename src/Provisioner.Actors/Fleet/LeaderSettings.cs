namespace Provisioner.Actors.Fleet;

/// <summary>Tunables of the provisioning leader.</summary>
public sealed record LeaderSettings(
    TimeSpan DiscoveryInterval,
    int MaxInFlight,
    TimeSpan InFlightTimeout,
    bool StartPaused = false)
{
    /// <summary>
    /// A start the node's entity has not answered within this is sent again (the entity answers a repeat with
    /// "already running"). Sharding drops messages buffered for a shard that is handed off, e.g. while members
    /// restart or join; without a re-send such a node would wait for <see cref="InFlightTimeout"/>. The first
    /// message to a fresh shard takes 1-2 s, so 10 s leaves room under load.
    /// </summary>
    public TimeSpan UnansweredStartAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Choria sweeps every minute. 500 attempts in flight cluster-wide keeps every member busy while bounding
    /// what a crash puts back in the queue. An attempt that has not ended after 5 minutes (all retries of
    /// every step add up to less) frees its slot.
    /// </summary>
    public static LeaderSettings Default { get; } = new(TimeSpan.FromMinutes(1), 500, TimeSpan.FromMinutes(5));

    /// <summary>A queued node older than two intervals is skipped; discovery will find it again (spec §2 step 0).</summary>
    public TimeSpan StaleAfter => DiscoveryInterval * 2;
}
