using System.Collections.Immutable;
using Provisioner.Messages;
using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Nodes;

/// <summary>
/// Everything one machine's onboarding entity knows, rebuilt from its journal. Immutable; changed only by
/// <see cref="Apply"/>. The facts of the current attempt are the events that proved them.
/// </summary>
public sealed record NodeState(
    string Identity,
    NodeStage Stage,
    int Attempt,
    int Tries,
    string? LastError,
    DateTimeOffset? StageSince,
    DateTimeOffset? AttemptStartedAt,
    DateTimeOffset? ProvisionedAt,
    NodeEvents.TokenChecked? Token,
    NodeEvents.KeyProven? Key,
    NodeEvents.Inventoried? Inventory,
    NodeEvents.CsrAccepted? Csr,
    NodeEvents.Signed? Signature,
    NodeEvents.JwtIssued? Jwt,
    ImmutableList<string> History) : IProvisionerMessage
{
    /// <summary>How many one-line event descriptions the state keeps for <c>node history</c>.</summary>
    public const int HistoryLimit = 100;

    public static NodeState Empty(string identity) => new(
        identity, NodeStage.Unknown, 0, 0, null, null, null, null, null, null, null, null, null, null, []);

    /// <summary>
    /// The next step under our default profile. Snapshots store it (the golden files pin their bytes), so it stays;
    /// the entity runs <see cref="NodeDecisions.NextStep"/> with its member's features, never this.
    /// </summary>
    public ProvisioningStep? PendingStep => NodeDecisions.NextStep(this, ProvisioningFeatures.Ours);

    public NodeView ToView(string hostedBy) => new(
        Identity, Stage, Attempt, Tries, LastError, StageSince, AttemptStartedAt, ProvisionedAt,
        Signature?.CertificateSerial, Jwt?.Jti, hostedBy);

    /// <summary>The state after <paramref name="e"/>; pure, used both live and on recovery.</summary>
    public static NodeState Apply(NodeState state, INodeEvent e)
    {
        var next = e switch
        {
            NodeEvents.AttemptStarted s => Empty(state.Identity) with
            {
                Stage = NodeStage.Started,
                Attempt = s.Attempt,
                AttemptStartedAt = s.At,
                ProvisionedAt = state.ProvisionedAt,
            },
            NodeEvents.TokenChecked t => Advance(state, NodeStage.TokenChecked, t) with { Token = t },
            NodeEvents.KeyProven k => Advance(state, NodeStage.KeyProven, k) with { Key = k },
            NodeEvents.Inventoried i => Advance(state, NodeStage.Inventoried, i) with { Inventory = i },
            NodeEvents.CsrAccepted c => Advance(state, NodeStage.CsrAccepted, c) with { Csr = c },
            NodeEvents.Signed s => Advance(state, NodeStage.Signed, s) with { Signature = s },
            NodeEvents.JwtIssued j => Advance(state, NodeStage.JwtIssued, j) with { Jwt = j },
            NodeEvents.Configured c => Advance(state, NodeStage.Configured, c),
            NodeEvents.Provisioned p => Advance(state, NodeStage.Provisioned, p) with { ProvisionedAt = p.At },
            NodeEvents.ShutdownRequested r => Advance(state, NodeStage.ShuttingDown, r) with { LastError = r.Reason },
            NodeEvents.ShutDown d => Advance(state, NodeStage.ShutDown, d) with { LastError = state.LastError },
            NodeEvents.StepRetried r => state with { Tries = r.Try, LastError = r.Error },
            NodeEvents.AttemptFailed f => Advance(state, NodeStage.Failed, f) with { LastError = f.Reason },
            NodeEvents.AttemptDeferred d => Advance(state, NodeStage.Deferred, d) with { LastError = d.Reason },
            _ => throw new ArgumentException($"unknown node event {e.GetType().Name}", nameof(e)),
        };
        return next with { History = Remember(state.History, e) };
    }

    private static NodeState Advance(NodeState state, NodeStage stage, INodeEvent e) =>
        state with { Stage = stage, Tries = 0, LastError = null, StageSince = e.At };

    private static ImmutableList<string> Remember(ImmutableList<string> history, INodeEvent e)
    {
        var line = $"{e.At:yyyy-MM-ddTHH:mm:ss.fffZ} attempt {e.Attempt} {NodeEventDescriptions.Describe(e)}";
        var added = history.Add(line);
        return added.Count > HistoryLimit ? added.RemoveRange(0, added.Count - HistoryLimit) : added;
    }
}
