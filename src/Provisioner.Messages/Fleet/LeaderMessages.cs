using Provisioner.Messages.Nodes;

namespace Provisioner.Messages.Fleet;

/// <summary>Messages to and from the cluster-wide provisioning leader (a cluster singleton).</summary>
public static class LeaderMessages
{
    /// <summary>An entity tells the leader its attempt ended, so the in-flight slot is released.</summary>
    public sealed record AttemptEnded(string Identity, NodeStage Outcome, string Reason) : IWithNodeIdentity;

    /// <summary>
    /// An entity was stopped with its attempt still running because sharding moved its shard (a rebalance to a
    /// member that joined, or its member leaving): entities are not remembered, so only a message brings it back on
    /// the shard's new member, where it resumes from the journal. The leader sends the start again.
    /// </summary>
    public sealed record AttemptHandedOff(string Identity, int Attempt) : IWithNodeIdentity;

    /// <summary>A node was seen (lifecycle startup event or discovery reply).</summary>
    public sealed record NodeAnnounced(string Identity, AttemptTrigger Trigger) : IProvisionerMessage;

    /// <summary>Stop starting attempts (running ones finish); answered with <see cref="LeaderStatus"/>.</summary>
    public sealed record Pause(string RequestedBy) : IProvisionerMessage;

    /// <summary>Start attempts again and sweep at once; answered with <see cref="LeaderStatus"/>.</summary>
    public sealed record Resume(string RequestedBy) : IProvisionerMessage;

    /// <summary>Answered with <see cref="LeaderStatus"/>.</summary>
    public sealed record GetStatus : IProvisionerMessage;

    /// <summary>Why a node is not being provisioned, if it failed admission or attempts; answered with <see cref="NodeBackoff"/>.</summary>
    public sealed record GetBackoff(string Identity) : IProvisionerMessage;

    /// <summary>Run a discovery sweep now.</summary>
    public sealed record Sweep : IProvisionerMessage;
}

/// <summary>The leader's view of the work: what waits, what runs, what came of it.</summary>
public sealed record LeaderStatus(
    string LeaderAddress,
    bool Paused,
    int Queued,
    int InFlight,
    int MaxInFlight,
    long Discovered,
    long EventDiscovered,
    long DiscoverCycles,
    long Provisioned,
    long Failed,
    DateTimeOffset? LastSweep) : IProvisionerMessage;
