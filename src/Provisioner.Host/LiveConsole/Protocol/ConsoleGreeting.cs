using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// What the endpoint says first on every connection it serves: the protocol it speaks and which member
/// incarnation it is, which a client signs into every request that changes the cluster.
/// </summary>
public sealed record ConsoleGreeting(
    [property: JsonPropertyName("protocol")] int Protocol,
    [property: JsonPropertyName("member")] MemberIncarnation Member)
{
    /// <summary>The protocol this build speaks: 2 signs the target member incarnation (1 signed only the command).</summary>
    public const int CurrentProtocol = 2;
}
