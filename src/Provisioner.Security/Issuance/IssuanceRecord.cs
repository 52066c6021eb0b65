using System.Text.Json.Serialization;

namespace Provisioner.Security.Issuance;

/// <summary>One line of the issuance ledger: a credential this member produced for a node's attempt.</summary>
/// <param name="At">When the member produced it (the clock's time, not the credential's issuance time).</param>
/// <param name="Member">The member's cluster address.</param>
/// <param name="Kind"><see cref="Certificate"/> or <see cref="ServerJwt"/>.</param>
/// <param name="Id">The certificate serial (upper-case hex) or the JWT's <c>jti</c>.</param>
public sealed record IssuanceRecord(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("member")] string Member,
    [property: JsonPropertyName("identity")] string Identity,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("id")] string Id)
{
    public const string Certificate = "certificate";
    public const string ServerJwt = "server-jwt";
}
