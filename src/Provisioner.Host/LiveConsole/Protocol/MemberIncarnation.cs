using System.Text.Json.Serialization;

namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>
/// One run of one member: its cluster address and the uid Akka gives it at each start. A signed request names
/// the incarnation it is for, so it is void on every other member and on the same member after a restart.
/// </summary>
public sealed record MemberIncarnation(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("uid")] long Uid)
{
    public override string ToString() => $"{Address} (incarnation {Uid})";
}
