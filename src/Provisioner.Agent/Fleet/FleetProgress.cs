namespace Provisioner.Agent.Fleet;

/// <summary>A snapshot of a running fleet: how many nodes are in each state, and for how long it has run.</summary>
public sealed record FleetProgress(int Total, int Waiting, int Announced, int InProgress, int Provisioned, int ShutDown, int Failed, TimeSpan Elapsed)
{
    /// <summary>Nodes that finished, one way or another.</summary>
    public int Done => Provisioned + ShutDown + Failed;

    public override string ToString() =>
        $"announced={Announced} in_progress={InProgress} provisioned={Provisioned} failed={Failed + ShutDown} waiting={Waiting} elapsed_s={Elapsed.TotalSeconds:0}";
}
