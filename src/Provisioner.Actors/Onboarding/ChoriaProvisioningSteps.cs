using System.Text.Json;
using Provisioner.Actors.Admission;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Rpc;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Broker;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Provisioner.Security.Issuance;
using Provisioner.Security.Tokens;

namespace Provisioner.Actors.Onboarding;

/// <summary>
/// The steps of spec §2 over Choria RPC: each call, check and signature, returning the event that records
/// what was proven. RPC failures are retryable; a failed proof (bad token, forged nonce signature, a CSR for
/// another name) is fatal, so nothing is signed for it.
/// </summary>
public sealed partial class ChoriaProvisioningSteps(ChoriaRpcClient rpc, INodeSigner signer, StepSettings settings, TimeProvider clock, AttemptSecrets? secrets = null) : IProvisioningSteps
{
    private const string Provision = "choria_provision";

    private readonly AttemptSecrets _secrets = secrets ?? new AttemptSecrets();
    private readonly ProvisioningTokenCheck _tokenCheck = new(rpc, settings.Token, settings.ProvisioningTokenKey, clock, settings.RequireTokenExpiry, settings.NeverExpiringTokens);

    public void Admitted(string identity, AdmittedToken answer) => _secrets.Admitted(identity, answer);

    public void AttemptEnded(string identity) => _secrets.Forget(identity);

    public async Task<INodeEvent> RunAsync(ProvisioningStep step, NodeState state, CancellationToken cancellation) => step switch
    {
        ProvisioningStep.Jwt => await CheckToken(state, cancellation),
        ProvisioningStep.Gen25519 => await ProveKey(state, cancellation),
        ProvisioningStep.Inventory => await Inventory(state, cancellation),
        ProvisioningStep.Gencsr => await AcceptCsr(state, cancellation),
        ProvisioningStep.Sign => Recorded(await signer.SignAsync(state, _secrets.Of(state.Identity), cancellation)),
        ProvisioningStep.IssueServerJwt => IssueServerJwt(state),
        ProvisioningStep.Configure => await Configure(state, cancellation),
        ProvisioningStep.Restart => await Restart(state, cancellation),
        ProvisioningStep.Shutdown => await Shutdown(state, cancellation),
        ProvisioningStep.Upgrade => await Upgrade(state, cancellation),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "unknown provisioning step"),
    };

    /// <summary>A live node answers restart at once and restarts seconds later; the 20 s DDL timeout is for slow actions.</summary>
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(8);

    private DateTimeOffset Now => clock.GetUtcNow();

    private async Task<T> Call<T>(NodeState state, string agent, string action, object payload, CancellationToken cancellation)
    {
        var result = await rpc.CallAsync(state.Identity, agent, action, payload, cancellationToken: cancellation);
        if (!result.IsOk)
        {
            throw Failure(result);
        }
        try
        {
            return result.Read<T>();
        }
        catch (ChoriaProtocolException e)
        {
            throw StepFailure.Retryable($"{result.RpcName}: {e.Message}");
        }
    }

    // No reply at all is told apart from a failed one: a node that restarted already no longer answers in
    // provisioning mode (NodeDecisions counts a resumed configure or a restart left unanswered as done).
    private static StepFailure Failure(RpcCallResult result)
    {
        var reason = result.Error ?? $"{result.RpcName} failed";
        return result.Outcome == RpcCallOutcome.WrongReplyCount && result.ReplyCount == 0 ? StepFailure.Unanswered(reason) : StepFailure.Retryable(reason);
    }

    private async Task<INodeEvent> CheckToken(NodeState state, CancellationToken cancellation)
    {
        // The leader asked the node moments before this start: its answer is verified here again rather than asked for twice.
        var admitted = _secrets.TakeAdmitted(state.Identity);
        _secrets.Forget(state.Identity);
        var result = admitted is null
            ? await _tokenCheck.CheckAsync(state.Identity, timeout: null, cancellation)
            : _tokenCheck.Check(state.Identity, admitted);
        switch (result)
        {
            case TokenCheckResult.Verified verified:
                _secrets.Remember(state.Identity, verified.Claims);
                return new NodeEvents.TokenChecked(state.Identity, state.Attempt, Now, verified.EcdhPublic);
            case TokenCheckResult.Refused refused:
                throw StepFailure.Fatal(refused.Reason);
            case TokenCheckResult.Unanswered unanswered:
                throw StepFailure.Retryable(unanswered.Reason);
            default:
                throw new InvalidOperationException("unknown token check result");
        }
    }

    private async Task<INodeEvent> ProveKey(NodeState state, CancellationToken cancellation)
    {
        var nonce = NonceFactory.Create();
        var reply = await Call<Gen25519Reply>(state, Provision, "gen25519", new Gen25519Request(nonce, settings.Token), cancellation);
        if (NonceVerifier.Verify(reply.PublicKey, nonce, reply.Signature) is NonceVerification.Invalid invalid)
        {
            throw StepFailure.Fatal(invalid.Reason);
        }
        return new NodeEvents.KeyProven(state.Identity, state.Attempt, Now, reply.PublicKey, nonce, reply.Directory, reply.Signature);
    }

    private async Task<INodeEvent> Inventory(NodeState state, CancellationToken cancellation)
    {
        var result = await rpc.CallAsync(state.Identity, "rpcutil", "inventory", RpcData.EmptyObject, cancellationToken: cancellation);
        if (!result.IsOk || result.Body is not { } body)
        {
            throw StepFailure.Retryable(result.Error ?? "rpcutil#inventory failed");
        }
        var version = body.Data.ValueKind == JsonValueKind.Object && body.Data.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() ?? ""
            : "";
        return new NodeEvents.Inventoried(state.Identity, state.Attempt, Now, body.Data.GetRawText(), version);
    }

    private async Task<INodeEvent> AcceptCsr(NodeState state, CancellationToken cancellation)
    {
        var reply = await Call<GenCsrReply>(state, Provision, "gencsr", new GenCsrRequest(Cn: state.Identity, Token: settings.Token), cancellation);
        if (settings.CsrInspector.Inspect(reply.Csr, state.Identity) is CsrInspection.Rejected rejected)
        {
            throw StepFailure.Fatal(rejected.Reason);
        }
        return new NodeEvents.CsrAccepted(state.Identity, state.Attempt, Now, reply.Csr, reply.PublicKey, reply.SslDir);
    }

    // The ledger line is on disk before the event that hands the credential on is persisted.
    private NodeEvents.Signed Recorded(NodeEvents.Signed signed)
    {
        Record(signed.Identity, signed.Attempt, IssuanceRecord.Certificate, signed.CertificateSerial);
        return signed;
    }

    private void Record(string identity, int attempt, string kind, string id)
    {
        try
        {
            settings.Ledger?.Append(new IssuanceRecord(Now, settings.Member, identity, attempt, kind, id));
        }
        catch (IOException e)
        {
            // Nothing unrecorded leaves the member; the same credential is issued again on the retry.
            throw StepFailure.Retryable($"issuance ledger: {e.Message}");
        }
    }

    private INodeEvent IssueServerJwt(NodeState state)
    {
        var key = state.Key ?? throw StepFailure.Fatal("no proven ed25519 key");
        var signature = state.Signature ?? throw StepFailure.Fatal("no signed certificate for the server JWT");
        var helper = HelperServerClaims.Parse(signature.ServerClaimsJson);
        // Anchored to the persisted signing time: issuing again for this attempt gives the same tokens.
        var issuance = new IssuanceKey(state.Identity, state.Attempt, signature.At);
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(signature.At.ToUnixTimeSeconds());
        try
        {
            var (claims, token) = settings.ServerJwtIssuer.Issue(new ServerJwtRequest
            {
                Issuance = issuance,
                Identity = state.Identity,
                PublicKeyHex = key.PublicKey,
                Collectives = helper?.Collectives,
                Configuration = signature.Configuration,
                ExpiresAt = helper?.ExpiresAt,
                OrganizationUnit = helper?.OrganizationUnit,
                PublishSubjects = helper?.PublishSubjects,
                Permissions = helper?.Permissions,
            });
            var expires = claims.ExpiryTime() ?? issuedAt.Add(ServerJwtPolicy.DefaultValidity);
            var natsJwt = settings.FleetCredentials?.Issue(
                new MachineCredentialRequest(
                    state.Identity,
                    key.PublicKey,
                    claims.Collectives ?? [],
                    claims.PublishSubjects ?? [],
                    new ServerPermissionFlags(
                        claims.Permissions?.Submission ?? false,
                        claims.Permissions?.Streams ?? false,
                        claims.Permissions?.Governor ?? false,
                        claims.Permissions?.ServiceHost ?? false),
                    claims.OrganizationUnit ?? "choria"),
                issuedAt,
                Min(expires, issuedAt + settings.FleetCredentialValidity));
            var jti = claims.Id ?? "";
            Record(state.Identity, state.Attempt, IssuanceRecord.ServerJwt, jti);
            return new NodeEvents.JwtIssued(state.Identity, state.Attempt, Now, jti, token, expires, natsJwt);
        }
        catch (Exception e) when (e is TokenException or FormatException or ArgumentException)
        {
            throw StepFailure.Fatal($"server JWT: {e.Message}");
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task<INodeEvent> Configure(NodeState state, CancellationToken cancellation)
    {
        var signed = state.Signature ?? throw StepFailure.Fatal("nothing signed to configure");
        if (signed.Configuration.Count == 0)
        {
            throw StepFailure.Fatal("empty configuration");
        }
        var request = new ConfigureRequest(
            ActionPolicies: signed.ActionPolicies,
            Ca: signed.CaPem,
            Certificate: signed.CertificatePem,
            Config: JsonSerializer.Serialize(ConfigurationFor(state, signed.Configuration)),
            EcdhPublic: signed.ProvisionerEcdhPublic ?? "",
            Key: signed.EncryptedKey ?? "",
            OpaPolicies: signed.OpaPolicies,
            ServerJwt: state.Jwt?.ServerJwt ?? "",
            SslDir: signed.SslDir,
            Token: settings.Token,
            NatsJwt: state.Jwt?.NatsCredentials);
        // After a resume the node may have restarted already and will never answer: waiting the DDL's 20 s on each of
        // five tries would hold the attempt two minutes. A live node answers configure at once, as it does restart.
        var result = await rpc.CallAsync(state.Identity, Provision, "configure", request, state.Resumed ? RestartTimeout : null, cancellation);
        if (!result.IsOk)
        {
            throw Failure(result);
        }
        ActionMessageReply reply;
        try
        {
            reply = result.Read<ActionMessageReply>();
        }
        catch (ChoriaProtocolException e)
        {
            throw StepFailure.Retryable($"{result.RpcName}: {e.Message}");
        }
        return new NodeEvents.Configured(state.Identity, state.Attempt, Now, reply.Message);
    }

    // A node answering in protocol v2 with a chain-issued server JWT boots on the choria provider, trusting the org
    // issuer the chain leads to (the key its provisioning token was checked with); any other node keeps its x509 setup.
    private IReadOnlyDictionary<string, string> ConfigurationFor(NodeState state, IReadOnlyDictionary<string, string> configuration)
    {
        if (rpc.ProtocolOf(state.Identity) != 2 || state.Key is not { } key || state.Jwt is not { } jwt
            || settings.ProvisioningTokenKey.Ed25519PublicKeyHex is not { } orgIssuer)
        {
            return configuration;
        }
        var claims = ServerTokens.ParseUnverified(jwt.ServerJwt);
        return claims.Issuer?.StartsWith(TrustChain.ChainIssuerPrefix, StringComparison.Ordinal) == true
            ? NodeConfiguration.ForChoriaProvider(configuration, key.Directory, claims.OrganizationUnit ?? "choria", orgIssuer)
            : configuration;
    }

    private async Task<INodeEvent> Restart(NodeState state, CancellationToken cancellation)
    {
        var result = await rpc.CallAsync(state.Identity, Provision, "restart", new RestartRequest(settings.RestartSplay, settings.Token), RestartTimeout, cancellation);
        if (!result.IsOk)
        {
            throw Failure(result);
        }
        return new NodeEvents.Provisioned(state.Identity, state.Attempt, Now, settings.Member);
    }

    private async Task<INodeEvent> Shutdown(NodeState state, CancellationToken cancellation)
    {
        await Call<ActionMessageReply>(state, Provision, "shutdown", new ShutdownRequest(settings.Token), cancellation);
        return new NodeEvents.ShutDown(state.Identity, state.Attempt, Now);
    }
}
