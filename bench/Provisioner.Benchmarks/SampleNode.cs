using Provisioner.Messages.Nodes;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Benchmarks;

/// <summary>
/// The events one node's successful attempt records, with real key, CSR, certificate and server JWT in them,
/// so the FSM and the serializer are measured on payloads of the size the journal really holds.
/// </summary>
public sealed class SampleNode
{
    public const string Identity = "n1.bench.example.net";
    public const string Member = "akka.tcp://provisioner@127.0.0.1:4055";
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private SampleNode(IReadOnlyList<INodeEvent> steps) => StepEvents = steps;

    /// <summary>The event of each step, from <c>TokenChecked</c> to <c>Provisioned</c>, in protocol order.</summary>
    public IReadOnlyList<INodeEvent> StepEvents { get; }

    public static SampleNode Create()
    {
        var clock = new FixedClock(T0);
        using var ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, clock: clock);
        using var ecdh = Provisioner.Security.KeyWrap.X25519KeyPair.Generate();
        using var key = Ed25519KeyPair.Generate();
        var nonce = NonceFactory.Create();
        var csr = CsrFactory.Create(new CsrSubject(Identity), PkiKeyAlgorithm.EcdsaP256);
        var certificate = ca.Sign(csr.CsrPem, Identity, TimeSpan.FromDays(365), clock);
        using var jwtKey = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (claims, jwt) = new ServerJwtIssuer(jwtKey, new ServerJwtPolicy(), clock).Issue(new ServerJwtRequest { Identity = Identity, PublicKeyHex = key.PublicKeyHex });
        var configuration = new Dictionary<string, string>
        {
            ["identity"] = Identity,
            ["plugin.choria.middleware_hosts"] = "nats://127.0.0.1:4222",
            ["plugin.choria.server.provision"] = "false",
            ["plugin.security.provider"] = "choria",
            ["plugin.security.choria.seed_file"] = "/etc/choria/server.seed",
            ["plugin.security.choria.token_file"] = "/etc/choria/server.jwt",
        };
        var none = new Dictionary<string, string>();
        return new SampleNode(
        [
            new NodeEvents.TokenChecked(Identity, 1, T0, ecdh.PublicKeyHex),
            new NodeEvents.KeyProven(Identity, 1, T0, key.PublicKeyHex, nonce, "/etc/choria", key.SignHex(nonce)),
            new NodeEvents.Inventoried(Identity, 1, T0, """{"agents":["choria_provision","rpcutil"],"facts":{},"classes":[],"version":"0.29.4","data_plugins":[],"main_collective":"provisioning","collectives":["provisioning"]}""", "0.29.4"),
            new NodeEvents.CsrAccepted(Identity, 1, T0, csr.CsrPem, csr.PublicKeyPem, "/etc/choria/ssl"),
            new NodeEvents.Signed(Identity, 1, T0, certificate.SerialHex, certificate.CertificatePem, ca.CertificatePem, "/etc/choria/ssl", configuration, none, none, null, null, null, null),
            new NodeEvents.JwtIssued(Identity, 1, T0, claims.Id ?? "", jwt, T0.AddYears(1), null),
            new NodeEvents.Configured(Identity, 1, T0, "Wrote 6 lines to /etc/choria/server.conf"),
            new NodeEvents.Provisioned(Identity, 1, T0, "akka.tcp://provisioner@127.0.0.1:4053"),
        ]);
    }
}
