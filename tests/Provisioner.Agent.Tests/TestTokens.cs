using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Tests;

/// <summary>Provisioning and server tokens for tests, signed with a throwaway Ed25519 key.</summary>
internal static class TestTokens
{
    public const string AgentToken = "s3cr3t";

    private static readonly byte[] SigningSeed = RandomNumberGenerator.GetBytes(32);

    public static string Provisioning(bool provisionByDefault = false, string? factsFile = null, JsonObject? extensions = null, string? username = null, string? password = null, bool protocolV2 = false, bool allowUpdate = false)
    {
        using var key = TokenSigningKey.FromEd25519Seed(SigningSeed);
        return ProvisioningTokens.Issue(
            new ProvisioningTokenRequest
            {
                Token = AgentToken,
                Urls = ["nats://127.0.0.1:4222"],
                ProvisionByDefault = provisionByDefault,
                FactsFile = factsFile,
                Extensions = extensions,
                BrokerUsername = username,
                BrokerPassword = password,
                ProtocolV2 = protocolV2,
                AllowUpdate = allowUpdate,
            },
            key,
            TimeProvider.System);
    }

    /// <summary>A server JWT for <paramref name="identity"/> holding the public key of <paramref name="seed"/>.</summary>
    public static string Server(string identity, Ed25519KeyPair seed, TimeProvider? clock = null, long? expiresAt = null)
    {
        using var key = TokenSigningKey.FromEd25519Seed(SigningSeed);
        var issuer = new ServerJwtIssuer(key, new ServerJwtPolicy(), clock ?? TimeProvider.System);
        var claims = issuer.CreateClaims(new ServerJwtRequest { Identity = identity, PublicKeyHex = seed.PublicKeyHex, Collectives = ["choria"] });
        return issuer.Sign(expiresAt is { } exp ? claims with { ExpiresAt = exp } : claims);
    }
}
