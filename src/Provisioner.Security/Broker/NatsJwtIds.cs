using System.Security.Cryptography;
using System.Text.Json;

namespace Provisioner.Security.Broker;

/// <summary>JWT ids (<c>jti</c>): nats-server does not check them, so they only need to keep every JWT distinct.</summary>
internal static class NatsJwtIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The id of user claims, from their content as nats-io/jwt derives it: minting the same claims again (same
    /// machine, key, subjects and times) gives the same JWT rather than a second credential.
    /// </summary>
    public static NatsUserClaims WithContentId(NatsUserClaims claims)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(claims with { Id = "" }, BrokerJsonContext.Default.NatsUserClaims);
        return claims with { Id = Convert.ToHexStringLower(SHA256.HashData(content)[..16]) };
    }
}
