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
    /// Announced nodes waiting for admission; more are dropped, counted in <c>choria_provisioner_work_queue_overflow</c>
    /// and logged. 50,000 as Choria's work channel: a startup event costs the sender a few bytes, so the queue must not
    /// be able to take the member's memory.
    /// </summary>
    public int MaxQueued { get; init; } = 50_000;

    /// <summary>
    /// Admission checks (one <c>jwt</c> RPC each) running at once. A name with nothing behind it holds its check for
    /// <see cref="AdmissionTimeout"/>, so this over the timeout is how fast the leader clears a flood of such names
    /// (500 / 3 s: 3,000 in 18 s); a real node answers in milliseconds and frees its check at once.
    /// </summary>
    public int MaxAdmitting { get; init; } = 500;

    /// <summary>A real node answers <c>jwt</c> in milliseconds; a few seconds leaves room for a loaded broker.</summary>
    public TimeSpan AdmissionTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Wait after an identity's first failed admission or attempt; it doubles with each failure in a row.</summary>
    public TimeSpan BackoffFirst { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between tries of an identity that keeps failing.</summary>
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Choria sweeps every minute. 500 attempts in flight cluster-wide keeps every member busy while bounding
    /// what a crash puts back in the queue. An attempt that has not ended after 5 minutes (all retries of
    /// every step add up to less) frees its slot.
    /// </summary>
    public static LeaderSettings Default { get; } = new(TimeSpan.FromMinutes(1), 500, TimeSpan.FromMinutes(5));

    /// <summary>A queued node older than two intervals is skipped; discovery will find it again (spec §2 step 0).</summary>
    public TimeSpan StaleAfter => DiscoveryInterval * 2;
}
