namespace Provisioner.Actors.Nodes;

/// <summary>The message a shard sends back to an entity that asked to passivate; never a PoisonPill.</summary>
public sealed class StopEntity
{
    public static StopEntity Instance { get; } = new();

    private StopEntity()
    {
    }
}
