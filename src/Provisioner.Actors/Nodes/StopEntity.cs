namespace Provisioner.Actors.Nodes;

/// <summary>
/// The message a shard sends back to an entity that asked to passivate, and to every entity of a shard that moves to
/// another member (sharding's hand-off stop message); never a PoisonPill.
/// </summary>
public sealed class StopEntity
{
    public static StopEntity Instance { get; } = new();

    private StopEntity()
    {
    }
}
