using System.Diagnostics;
using NATS.NKeys;
using Provisioner.Security.Broker;
using Provisioner.Security.Issuance;
using Provisioner.Security.KeyWrap;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Bench.Crypto;

/// <summary>
/// One thread's share of the pipeline: onboards one node after another doing exactly the crypto of
/// <c>ChoriaProvisioningSteps</c> with the built-in <c>CertificateAuthoritySigner</c> on the provisioner side
/// and of the simulator's <c>choria_provision</c> actions on the fleet side, timing every step.
/// Each worker loads its own key objects from the shared material, as each member process loads its own,
/// so the figure is bound by crypto, not by a lock around one shared CA key.
/// </summary>
public sealed class CryptoWorker : IDisposable
{
    private static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(365);
    private static readonly TimeSpan NatsCredentialValidity = TimeSpan.FromDays(365);

    private readonly int _index;
    private readonly string _provisioningToken;
    private readonly TokenVerificationKey _tokenKey;
    private readonly CsrInspector _inspector = new();
    private readonly CertificateAuthority _authority;
    private readonly TokenSigningKey _serverJwtKey;
    private readonly ServerJwtIssuer _serverJwtIssuer;
    private readonly KeyPair? _fleetSigner;
    private readonly MachineCredentialIssuer? _natsCredentials;
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly long[] _ticks = new long[CryptoSteps.All.Count];
    private readonly long[] _counts = new long[CryptoSteps.All.Count];
    private long _sequence;

    public CryptoWorker(ProvisionerMaterial material, int index, bool natsCredentials)
    {
        ArgumentNullException.ThrowIfNull(material);
        _index = index;
        _provisioningToken = material.ProvisioningToken;
        _tokenKey = TokenVerificationKey.FromEd25519(material.TokenPublicKey);
        _authority = CertificateAuthority.FromPem(material.CaCertificatePem, material.CaKeyPem);
        _serverJwtKey = TokenSigningKey.FromEd25519Seed(material.ServerJwtSeed);
        _serverJwtIssuer = new ServerJwtIssuer(_serverJwtKey, new ServerJwtPolicy(), _clock);
        if (natsCredentials)
        {
            _fleetSigner = KeyPair.FromSeed(material.FleetSigningSeed);
            _natsCredentials = new MachineCredentialIssuer(material.FleetAccount, _fleetSigner);
        }
    }

    /// <summary>Nodes this worker completed since the last <see cref="ResetCounters"/>.</summary>
    public long Nodes { get; private set; }

    /// <summary>Total stopwatch ticks spent in <paramref name="step"/>.</summary>
    public long TicksIn(CryptoStep step) => _ticks[(int)step];

    /// <summary>How many times <paramref name="step"/> ran.</summary>
    public long CountOf(CryptoStep step) => _counts[(int)step];

    /// <summary>Forgets the warm-up, so only the measured run is reported.</summary>
    public void ResetCounters()
    {
        Array.Clear(_ticks);
        Array.Clear(_counts);
        Nodes = 0;
    }

    /// <summary>Onboards nodes until <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) passes.</summary>
    public void RunUntil(long deadline, CancellationToken cancellation)
    {
        while (Stopwatch.GetTimestamp() < deadline && !cancellation.IsCancellationRequested)
        {
            OnboardOne();
        }
    }

    /// <summary>All the crypto of one node, fleet and provisioner side; throws if any proof fails.</summary>
    public void OnboardOne()
    {
        var identity = $"n{_sequence++}.w{_index}.bench.example.net";

        // jwt: the machine makes a key pair per call and replies the token; the member verifies the token.
        var t = Stopwatch.GetTimestamp();
        string ecdhPublic;
        using (var ecdh = X25519KeyPair.Generate())
        {
            ecdhPublic = ecdh.PublicKeyHex;
        }
        t = Record(CryptoStep.FleetX25519, t);
        ProvisioningTokens.Verify(_provisioningToken, _tokenKey, _clock);
        if (ecdhPublic.Length != 64 || !ecdhPublic.All(Uri.IsHexDigit))
        {
            throw new InvalidOperationException("ecdh_public is not 64 hex characters");
        }
        t = Record(CryptoStep.TokenVerify, t);

        // gen25519: the member sends a nonce, the machine makes its Ed25519 key, keeps the seed and signs.
        var nonce = NonceFactory.Create();
        var nonceTicks = Stopwatch.GetTimestamp() - t;
        t = Stopwatch.GetTimestamp();
        string publicKey, signature;
        using (var key = Ed25519KeyPair.Generate())
        {
            _ = key.ExportSeedHex();
            signature = key.SignHex(nonce);
            publicKey = key.PublicKeyHex;
        }
        t = Record(CryptoStep.FleetEd25519, t);
        if (NonceVerifier.Verify(publicKey, nonce, signature) is NonceVerification.Invalid invalid)
        {
            throw new InvalidOperationException(invalid.Reason);
        }
        t = Record(CryptoStep.NonceVerify, t, nonceTicks);

        // gencsr: the machine makes an EC key and CSR; the member inspects it, then signs it.
        var csr = CsrFactory.Create(new CsrSubject(identity), PkiKeyAlgorithm.EcdsaP256);
        t = Record(CryptoStep.FleetCsr, t);
        if (_inspector.Inspect(csr.CsrPem, identity) is CsrInspection.Rejected rejected)
        {
            throw new InvalidOperationException(rejected.Reason);
        }
        t = Record(CryptoStep.CsrInspect, t);
        // As the member's built-in signer: the serial derived from the attempt (single issuance).
        _authority.Sign(csr.CsrPem, new IssuanceKey(identity, 1, _clock.GetUtcNow()), CertificateValidity);
        _ = _authority.CertificatePem;
        t = Record(CryptoStep.CsrSign, t);

        var (claims, _) = _serverJwtIssuer.Issue(new ServerJwtRequest { Identity = identity, PublicKeyHex = publicKey });
        t = Record(CryptoStep.ServerJwt, t);
        if (_natsCredentials is not null)
        {
            var now = _clock.GetUtcNow();
            _natsCredentials.Issue(
                new MachineCredentialRequest(identity, publicKey, claims.Collectives ?? [], claims.PublishSubjects ?? [], ServerPermissionFlags.None),
                now,
                now + NatsCredentialValidity);
            Record(CryptoStep.NatsCredentials, t);
        }
        Nodes++;
    }

    private long Record(CryptoStep step, long started, long extraTicks = 0)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)step] += now - started + extraTicks;
        _counts[(int)step]++;
        return now;
    }

    public void Dispose()
    {
        _tokenKey.Dispose();
        _authority.Dispose();
        _serverJwtKey.Dispose();
        _natsCredentials?.Dispose();
        _fleetSigner?.Dispose();
    }
}
