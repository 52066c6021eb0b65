using BenchmarkDotNet.Attributes;
using Provisioner.Actors.Nodes;
using Provisioner.Messages.Nodes;

namespace Provisioner.Benchmarks.Nodes;

/// <summary>The onboarding FSM's pure core: <c>NodeDecisions.Decide</c> and <c>NodeState.Apply</c>.</summary>
[MemoryDiagnoser]
public class NodeFsmBenchmarks
{
    private SampleNode _node = null!;
    private NodeState _running = null!;
    private NodeCommands.StartAttempt _announcement = null!;

    [GlobalSetup]
    public void Setup()
    {
        _node = SampleNode.Create();
        _announcement = new NodeCommands.StartAttempt(SampleNode.Identity, AttemptTrigger.LifecycleEvent, SampleNode.T0);
        _running = Run(NodeState.Empty(SampleNode.Identity), _announcement);
        if (WholeAttempt().Stage != NodeStage.Provisioned)
        {
            throw new InvalidOperationException("the sample attempt does not end provisioned");
        }
    }

    /// <summary>Every Decide and Apply of one successful attempt, from the announcement to provisioned.</summary>
    [Benchmark(Description = "Decide+Apply: whole attempt")]
    public NodeState WholeAttempt()
    {
        var state = Run(NodeState.Empty(SampleNode.Identity), _announcement);
        foreach (var e in _node.StepEvents)
        {
            state = Run(state, new StepSucceeded(state.Attempt, NodeDecisions.NextStep(state, ProvisioningFeatures.Ours)!.Value, e));
        }
        return state;
    }

    /// <summary>A repeated announcement while an attempt runs: the common case under discovery sweeps.</summary>
    [Benchmark(Description = "Decide: duplicate announcement")]
    public NodeDecision DuplicateAnnouncement() => NodeDecisions.Decide(_running, _announcement, SampleNode.T0, SampleNode.Member, ProvisioningFeatures.Ours);

    private static NodeState Run(NodeState state, object command)
    {
        foreach (var e in NodeDecisions.Decide(state, command, SampleNode.T0, SampleNode.Member, ProvisioningFeatures.Ours).Events)
        {
            state = NodeState.Apply(state, e);
        }
        return state;
    }
}
