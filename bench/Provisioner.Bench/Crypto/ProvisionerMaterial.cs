using NATS.NKeys;
using NSec.Cryptography;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Bench.Crypto;

/// <summary>
/// The keys a member is started with, as the demo makes them: an EC P-256 CA, Ed25519 keys for the provisioning
/// token and for server JWTs, the signed provisioning token every machine holds, and (optionally) the fleet
/// account's signing nkey. Held as exported bytes so every worker loads its own key objects, as every member
/// process does; none of it is ever printed.
/// </summary>
public sealed class ProvisionerMaterial
{
    /// <summary>The agent token (<c>cht</c>) inside the provisioning token.</summary>
    public const string AgentToken = "bench-token";

    private ProvisionerMaterial(string caCertificatePem, string caKeyPem, byte[] tokenPublicKey, byte[] serverJwtSeed, string provisioningToken, string fleetAccount, string fleetSigningSeed)
    {
        CaCertificatePem = caCertificatePem;
        CaKeyPem = caKeyPem;
        TokenPublicKey = tokenPublicKey;
        ServerJwtSeed = serverJwtSeed;
        ProvisioningToken = provisioningToken;
        FleetAccount = fleetAccount;
        FleetSigningSeed = fleetSigningSeed;
    }

    public string CaCertificatePem { get; }

    /// <summary>A secret: never log it.</summary>
    public string CaKeyPem { get; }

    /// <summary>The raw Ed25519 public key that verifies provisioning tokens.</summary>
    public byte[] TokenPublicKey { get; }

    /// <summary>A secret: never log it.</summary>
    public byte[] ServerJwtSeed { get; }

    /// <summary>The compact JWS a machine replies to <c>jwt</c> with.</summary>
    public string ProvisioningToken { get; }

    /// <summary>The fleet account's public nkey (<c>A...</c>).</summary>
    public string FleetAccount { get; }

    /// <summary>The fleet account signing nkey seed. A secret: never log it.</summary>
    public string FleetSigningSeed { get; }

    /// <summary>Makes fresh material; the tokens are valid for a year from now.</summary>
    public static ProvisionerMaterial Create()
    {
        using var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, "Provisioner Bench CA");
        var tokenSeed = RandomSeed();
        using var tokenKey = TokenSigningKey.FromEd25519Seed(tokenSeed);
        var token = ProvisioningTokens.Issue(
            new ProvisioningTokenRequest { Token = AgentToken, Urls = ["nats://127.0.0.1:4222"] }, tokenKey, TimeProvider.System);
        using var publicKey = Key.Import(SignatureAlgorithm.Ed25519, tokenSeed, KeyBlobFormat.RawPrivateKey);
        using var fleet = KeyPair.CreatePair(PrefixByte.Account);
        using var fleetSigner = KeyPair.CreatePair(PrefixByte.Account);
        return new ProvisionerMaterial(
            ca.CertificatePem,
            ca.ExportPrivateKeyPem(),
            publicKey.PublicKey.Export(KeyBlobFormat.RawPublicKey),
            RandomSeed(),
            token,
            fleet.GetPublicKey(),
            fleetSigner.GetSeed());
    }

    /// <summary>Masks every secret.</summary>
    public override string ToString() => "ProvisionerMaterial (CA key, seeds and token *****)";

    private static byte[] RandomSeed() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
}
