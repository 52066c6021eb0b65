using Provisioner.Security.Tokens;

namespace Provisioner.IntegrationTests.Onboarding;

/// <summary>
/// An org issuer network around one <see cref="OnboardingWorld"/> (choria-v2 §2): a fresh org issuer key, a chain
/// issuer token it signs for the world's <c>server-jwt.seed</c> (the member's signing token), and provisioning tokens
/// the org key signs, for protocol v2 or not.
/// </summary>
public sealed class OrgIssuerNetwork : IDisposable
{
    private readonly OnboardingWorld _world;

    public OrgIssuerNetwork(OnboardingWorld world)
    {
        _world = world;
        Org = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(OrgPublicKeyFile, Org.VerificationKey.Ed25519PublicKeyHex);
        using var signer = TokenSigningKey.Load(Path.Combine(world.Dir, "server-jwt.seed"));
        File.WriteAllText(SigningTokenFile, ChainIssuerTokens.Issue(new ChainIssuerRequest
        {
            CallerId = "provisioner_signer",
            PublicKeyHex = signer.VerificationKey.Ed25519PublicKeyHex!,
            Validity = TimeSpan.FromDays(30),
        }, Org, TimeProvider.System));
    }

    public TokenSigningKey Org { get; }

    public byte[] OrgPublicKey => Convert.FromHexString(Org.VerificationKey.Ed25519PublicKeyHex!);

    private string OrgPublicKeyFile => Path.Combine(_world.Dir, "org.pub");

    private string SigningTokenFile => Path.Combine(_world.Dir, "signer.jwt");

    /// <summary>Member settings (HOCON inside provisioner { }) that verify tokens with the org key and sign through the chain.</summary>
    public string MemberSettings => $"""
        jwt-verify-key = "{OrgPublicKeyFile}"
        server-jwt.signing-token = "{SigningTokenFile}"
        """;

    public string ProvisioningToken(bool protocolV2, bool allowUpdate = false) => ProvisioningTokens.Issue(
        new ProvisioningTokenRequest { Token = OnboardingWorld.AgentToken, Urls = [_world.NatsUrl], ProtocolV2 = protocolV2, AllowUpdate = allowUpdate },
        Org, TimeProvider.System);

    public void Dispose() => Org.Dispose();
}
