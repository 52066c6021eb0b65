using System.Security.Cryptography;

namespace Provisioner.Security.Broker;

/// <summary>JWT ids (<c>jti</c>): nats-server does not check them, so a random value keeps every JWT distinct.</summary>
internal static class NatsJwtIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
