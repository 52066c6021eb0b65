using Provisioner.Agent.Files;
using Provisioner.Security.Files;
using Provisioner.Security.Keys;
using Provisioner.Security.Tokens;

namespace Provisioner.Agent.Tests.Boot;

/// <summary>A node's seed and a server JWT issued for it through an org issuer chain, as a v2 provisioner leaves them.</summary>
internal static class ChainCredentials
{
    /// <summary>The server configuration of choria-v2 §3.3 a v2 node boots on, trusting <paramref name="orgPublicKeyHex"/>; <paramref name="extra"/> lines come last and win.</summary>
    public static string Section33Config(string orgPublicKeyHex, string extra = "") => $"""
        identity = {TestNode.Identity}
        plugin.choria.server.provision = false
        collectives = choria
        plugin.security.provider = choria
        plugin.security.choria.token_file = /etc/choria/server.jwt
        plugin.security.choria.seed_file = /etc/choria/server.seed
        plugin.security.issuer.names = choria
        plugin.security.issuer.choria.public = {orgPublicKeyHex}
        {extra}
        """;

    /// <summary>Writes <c>server.seed</c> and a chain-signed <c>server.jwt</c> for <paramref name="identity"/> under <see cref="TestNode.Paths"/>.</summary>
    public static void Write(MemoryFileStore files, Ed25519KeyPair org, string identity = TestNode.Identity)
    {
        using var node = Ed25519KeyPair.Generate();
        using var orgKey = TokenSigningKey.FromEd25519Seed(org.ExportSeed());
        using var signer = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var signingToken = Path.GetTempFileName();
        try
        {
            File.WriteAllText(signingToken, ChainIssuerTokens.Issue(new ChainIssuerRequest
            {
                CallerId = "provisioner_signer", PublicKeyHex = signer.VerificationKey.Ed25519PublicKeyHex!, Validity = TimeSpan.FromDays(30),
            }, orgKey, TimeProvider.System));
            var (_, jwt) = new ServerJwtIssuer(signer, new ServerJwtPolicy(), TimeProvider.System, new SigningTokenFile(signingToken))
                .Issue(new ServerJwtRequest { Identity = identity, PublicKeyHex = node.PublicKeyHex, Collectives = ["choria"] });
            files.WriteText(TestNode.Paths.SeedFile, node.ExportSeedHex(), FileModes.Secret);
            files.WriteText(TestNode.Paths.ServerJwtFile, jwt, FileModes.Secret);
        }
        finally
        {
            File.Delete(signingToken);
        }
    }
}
