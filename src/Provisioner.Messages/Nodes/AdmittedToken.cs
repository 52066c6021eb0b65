using System.Text.Json.Serialization;

namespace Provisioner.Messages.Nodes;

/// <summary>
/// A node's answer to the leader's token check (spec §2 step 1, <c>choria_provision#jwt</c>): its provisioning JWT and
/// the fresh X25519 key it made for that call (empty when it sent none). It travels with the start, so the entity's
/// <c>jwt</c> step verifies it on its own member instead of asking the node a second time. The JWT is a credential:
/// its text never shows in logs.
/// </summary>
public sealed record AdmittedToken(
    [property: JsonPropertyName("jwt")] string Jwt,
    [property: JsonPropertyName("ecdh_public")] string EcdhPublic)
{
    public override string ToString() => $"AdmittedToken {{ Jwt = <{Jwt.Length} characters>, EcdhPublic = {EcdhPublic} }}";
}
