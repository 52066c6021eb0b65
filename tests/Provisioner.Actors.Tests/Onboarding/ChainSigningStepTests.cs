using NATS.NKeys;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding;
using Provisioner.Messages.Nodes;
using Provisioner.Security.Broker;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

/// <summary>
/// The server-JWT step with <c>server-jwt.signing-token</c>: the token it hands on verifies with the org key alone, the
/// node's NATS credential never outlives the chain signer, and a signing token without <c>tcs</c> (choria-v2 scenario
/// 14) fails the attempt with Choria's message before anything is recorded or configured.
/// </summary>
public sealed class ChainSigningStepTests : IDisposable
{
    private const string Identity = "n1.example.net";
    private const string Member = "akka.tcp://provisioner@127.0.0.1:4053";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    private readonly string _dir = Directory.CreateTempSubdirectory("provisioner-chain-step-").FullName;
    private readonly ManualClock _clock = new(SignedAt.AddMinutes(1));
    private readonly CertificateAuthority _ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);
    private readonly TokenSigningKey _org = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly TokenSigningKey _signer = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly KeyPair _fleetAccount = KeyPair.CreatePair(PrefixByte.Account);
    private readonly KeyPair _fleetSigner = KeyPair.CreatePair(PrefixByte.Account);
    private readonly IssuanceLedger _ledger;
    private readonly ChoriaProvisioningSteps _steps;
    private readonly string _signingToken;

    public ChainSigningStepTests()
    {
        _ledger = IssuanceLedger.Open(Path.Combine(_dir, "ledger"), Member);
        _signingToken = Path.Combine(_dir, "signer.jwt");
        File.WriteAllText(_signingToken, SigningToken(withTcs: true));
        var issuer = new ServerJwtIssuer(_signer, new ServerJwtPolicy(), _clock, new SigningTokenFile(_signingToken, _org.VerificationKey));
        var settings = new StepSettings(
            "token", null!, new CsrInspector([]), issuer,
            new MachineCredentialIssuer(_fleetAccount.GetPublicKey(), _fleetSigner), TimeSpan.FromDays(365), Member, Ledger: _ledger);
        _steps = new ChoriaProvisioningSteps(null!, new CertificateAuthoritySigner(_ca, TimeSpan.FromDays(30), new Dictionary<string, string>(), _clock), settings, _clock);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _ca.Dispose();
        _org.Dispose();
        _signer.Dispose();
        _fleetAccount.Dispose();
        _fleetSigner.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // Valid for 10 days from an hour before the node's signing: shorter than the server JWT's year.
    private string SigningToken(bool withTcs)
    {
        var issuedAt = SignedAt.AddHours(-1);
        var claims = ChainIssuerTokens.Create(
            new ChainIssuerRequest { CallerId = "provisioner_signer", PublicKeyHex = _signer.VerificationKey.Ed25519PublicKeyHex!, Validity = TimeSpan.FromDays(10) },
            _org, issuedAt, Ksuid.New(issuedAt));
        return ChainIssuerTokens.Sign(withTcs ? claims : claims with { TrustChainSignature = null }, _org);
    }

    private async Task<NodeState> Signed()
    {
        using var node = Provisioner.Security.Keys.Ed25519KeyPair.Generate();
        var csr = CsrFactory.Create(new CsrSubject(Identity), PkiKeyAlgorithm.EcdsaP256);
        var state = NodeState.Empty(Identity) with
        {
            Attempt = 1,
            Key = new NodeEvents.KeyProven(Identity, 1, SignedAt, node.PublicKeyHex, "nonce", "/etc/choria", "sig"),
            Csr = new NodeEvents.CsrAccepted(Identity, 1, SignedAt, csr.CsrPem, "PUB", "/etc/choria/ssl"),
        };
        var signed = (NodeEvents.Signed)await _steps.RunAsync(ProvisioningStep.Sign, state, CancellationToken.None);
        return state with { Signature = signed };
    }

    [Fact]
    public async Task The_issued_server_jwt_verifies_with_the_org_key_and_the_nats_credential_expires_with_the_signer()
    {
        var issued = (NodeEvents.JwtIssued)await _steps.RunAsync(ProvisioningStep.IssueServerJwt, await Signed(), CancellationToken.None);

        var claims = ServerTokens.Verify(issued.ServerJwt, _org.VerificationKey, _clock, Identity);
        var signerExpiry = SignedAt.AddHours(-1).AddDays(10);
        Assert.StartsWith(TrustChain.ChainIssuerPrefix, claims.Issuer);
        Assert.Equal(signerExpiry.ToUnixTimeSeconds(), claims.ExpiresAt);
        Assert.Equal(signerExpiry, issued.ExpiresAt);
        var nats = NatsJwt.ReadVerified(issued.NatsCredentials!);
        Assert.Equal(signerExpiry.ToUnixTimeSeconds(), nats.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task A_signing_token_without_tcs_fails_the_attempt_with_choria_message_and_records_nothing()
    {
        var state = await Signed();
        File.WriteAllText(_signingToken, SigningToken(withTcs: false));

        var failure = await Assert.ThrowsAsync<StepFailure>(() => _steps.RunAsync(ProvisioningStep.IssueServerJwt, state, CancellationToken.None));

        Assert.Equal(StepFailureKind.Fatal, failure.Kind);
        Assert.EndsWith("no Trust Chain Signature claim in JWT Signing Token", failure.Message);
        Assert.DoesNotContain(IssuanceLedger.ReadAll(Path.Combine(_dir, "ledger")), r => r.Kind == IssuanceRecord.ServerJwt);
    }
}
