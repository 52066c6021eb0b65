using Akka.Actor;

namespace Provisioner.Actors.Cluster;

/// <summary>The address of this member, as the console shows where an entity or the leader lives.</summary>
public static class MemberAddress
{
    public static string Of(ActorSystem system) => Self(system).ToString();

    /// <summary>This member's address, as other members see it.</summary>
    public static Address Self(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress;
}
