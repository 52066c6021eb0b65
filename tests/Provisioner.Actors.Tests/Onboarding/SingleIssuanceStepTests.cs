using Provisioner.Actors.Nodes;
using Provisioner.Actors.Onboarding;
using Provisioner.Messages.Nodes;
using NATS.NKeys;
using Provisioner.Security.Broker;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Actors.Tests.Onboarding;

/// <summary>
/// A step run again for the same attempt (its result was lost with a crashed member) issues the same certificate
/// and server JWT, and each run leaves a ledger line before its event is returned.
/// </summary>
public sealed class SingleIssuanceStepTests : IDisposable
{
    private const string Identity = "n1.example.net";
    private const string Member = "akka.tcp://provisioner@127.0.0.1:4053";
    private static readonly DateTimeOffset AcceptedAt = DateTimeOffset.Parse("2026-12-05T10:00:00Z");

    private readonly string _ledgerDir = Directory.CreateTempSubdirectory("provisioner-ledger-").FullName;
    private readonly ManualClock _clock = new(AcceptedAt.AddMinutes(1));
    private readonly CertificateAuthority _ca = CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256);
    private readonly TokenSigningKey _jwtKey = TokenSigningKey.FromEd25519Seed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly KeyPair _fleetAccount = KeyPair.CreatePair(PrefixByte.Account);
    private readonly KeyPair _fleetSigner = KeyPair.CreatePair(PrefixByte.Account);
    private readonly IssuanceLedger _ledger;
    private readonly ChoriaProvisioningSteps _steps;

    public SingleIssuanceStepTests()
    {
        _ledger = IssuanceLedger.Open(_ledgerDir, Member);
        var settings = new StepSettings(
            "token", null!, new CsrInspector([]), new ServerJwtIssuer(_jwtKey, new ServerJwtPolicy(), _clock),
            new MachineCredentialIssuer(_fleetAccount.GetPublicKey(), _fleetSigner), TimeSpan.FromDays(1), Member, Ledger: _ledger);
        // The sign and server-JWT steps call no node.
        _steps = new ChoriaProvisioningSteps(null!, new CertificateAuthoritySigner(_ca, TimeSpan.FromDays(30), new Dictionary<string, string>(), _clock), settings, _clock);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _ca.Dispose();
        _jwtKey.Dispose();
        _fleetAccount.Dispose();
        _fleetSigner.Dispose();
        Directory.Delete(_ledgerDir, recursive: true);
    }

    private static NodeState AtSign(int attempt)
    {
        var csr = CsrFactory.Create(new CsrSubject(Identity), PkiKeyAlgorithm.EcdsaP256);
        return NodeState.Empty(Identity) with
        {
            Attempt = attempt,
            Key = new NodeEvents.KeyProven(Identity, attempt, AcceptedAt, new string('b', 64), "nonce", "/etc/choria", "sig"),
            Csr = new NodeEvents.CsrAccepted(Identity, attempt, AcceptedAt, csr.CsrPem, "PUB", "/etc/choria/ssl"),
        };
    }

    private async Task<NodeEvents.Signed> Sign(NodeState state) =>
        (NodeEvents.Signed)await _steps.RunAsync(ProvisioningStep.Sign, state, CancellationToken.None);

    private async Task<NodeEvents.JwtIssued> IssueJwt(NodeState state) =>
        (NodeEvents.JwtIssued)await _steps.RunAsync(ProvisioningStep.IssueServerJwt, state, CancellationToken.None);

    [Fact]
    public async Task Signing_an_attempt_again_later_issues_the_same_serial_and_ledgers_each_signing()
    {
        var state = AtSign(3);

        var first = await Sign(state);
        _clock.Advance(TimeSpan.FromMinutes(7));
        var again = await Sign(state);

        Assert.Equal(first.CertificateSerial, again.CertificateSerial);
        var lines = IssuanceLedger.ReadAll(_ledgerDir);
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal((Identity, 3, IssuanceRecord.Certificate, first.CertificateSerial, Member), (l.Identity, l.Attempt, l.Kind, l.Id, l.Member)));
    }

    [Fact]
    public async Task The_next_attempt_gets_another_serial()
    {
        var state = AtSign(3);

        var third = await Sign(state);
        var fourth = await Sign(state with { Attempt = 4, Csr = state.Csr! with { Attempt = 4 } });

        Assert.NotEqual(third.CertificateSerial, fourth.CertificateSerial);
    }

    [Fact]
    public async Task Issuing_the_server_jwt_again_later_gives_the_same_tokens_and_ledgers_each_issue()
    {
        var state = AtSign(3);
        state = NodeState.Apply(state, await Sign(state));

        var first = await IssueJwt(state);
        _clock.Advance(TimeSpan.FromMinutes(7));
        var again = await IssueJwt(state);

        Assert.Equal(first.ServerJwt, again.ServerJwt);
        Assert.Equal(first.Jti, again.Jti);
        Assert.Equal(first.ExpiresAt, again.ExpiresAt);
        Assert.NotNull(first.NatsCredentials);
        Assert.Equal(first.NatsCredentials, again.NatsCredentials);
        Assert.Equal([first.Jti, first.Jti], IssuanceLedger.ReadAll(_ledgerDir).Where(l => l.Kind == IssuanceRecord.ServerJwt).Select(l => l.Id));
    }

    [Fact]
    public async Task A_ledger_that_cannot_be_written_fails_the_step_retryably_and_nothing_is_handed_on()
    {
        var full = Directory.CreateTempSubdirectory("provisioner-ledger-full-").FullName;
        try
        {
            // Every write to /dev/full fails with "no space left on device".
            File.CreateSymbolicLink(Path.Combine(full, IssuanceLedger.FileNameFor(Member)), "/dev/full");
            using var ledger = IssuanceLedger.Open(full, Member);
            var settings = new StepSettings("token", null!, new CsrInspector([]), new ServerJwtIssuer(_jwtKey, new ServerJwtPolicy(), _clock), null, TimeSpan.FromDays(1), Member, Ledger: ledger);
            var steps = new ChoriaProvisioningSteps(null!, new CertificateAuthoritySigner(_ca, TimeSpan.FromDays(30), new Dictionary<string, string>(), _clock), settings, _clock);

            var failure = await Assert.ThrowsAsync<StepFailure>(() => steps.RunAsync(ProvisioningStep.Sign, AtSign(3), CancellationToken.None));

            Assert.Equal(StepFailureKind.Retryable, failure.Kind);
            Assert.StartsWith("issuance ledger: ", failure.Message);
        }
        finally
        {
            Directory.Delete(full, recursive: true);
        }
    }
}
