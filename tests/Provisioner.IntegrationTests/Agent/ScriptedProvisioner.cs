using System.Security.Cryptography;
using NATS.Client.Core;
using Provisioner.Actors.Rpc;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Keys;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.IntegrationTests.Agent;

/// <summary>
/// A provisioner in a few lines, for driving nodes in tests: the spec §2 steps with <see cref="ChoriaRpcClient"/>,
/// checked with the Security libraries (token verified, nonce signature verified, CSR inspected and signed by a CA,
/// server JWT issued for the gen25519 key), each step once. The outcome names the failed step and Choria's error.
/// </summary>
internal sealed class ScriptedProvisioner : IDisposable
{
    public const string AgentToken = "s3cr3t";

    private static readonly Lazy<CertificateAuthority> SharedCa = new(() => CertificateAuthority.Create(PkiKeyAlgorithm.EcdsaP256, "Agent Test CA"));

    private readonly TokenVerificationKey _tokenKey;
    private readonly TokenSigningKey _serverJwtKey = TokenSigningKey.FromEd25519Seed(RandomNumberGenerator.GetBytes(32));
    private readonly string _brokerUrl;

    public ScriptedProvisioner(INatsConnection connection, TokenVerificationKey tokenKey, string brokerUrl, TimeSpan? callTimeout = null)
    {
        _tokenKey = tokenKey;
        _brokerUrl = brokerUrl;
        CallTimeout = callTimeout;
        Client = new ChoriaRpcClient(connection, new ChoriaRpcClientOptions { Identity = "prov.example.net" });
    }

    public ChoriaRpcClient Client { get; }

    public TimeSpan? CallTimeout { get; }

    public static CertificateAuthority Ca => SharedCa.Value;

    /// <summary>The server JWT issuer's public key, to check what the node was given.</summary>
    public TokenVerificationKey ServerJwtKey => _serverJwtKey.VerificationKey;

    /// <summary>Makes the NATS user JWT a node is given in <c>configure</c>, from its identity and gen25519 public key; null gives none.</summary>
    public Func<string, string, string?>? NatsJwtFor { get; init; }

    /// <summary>Extra settings in the configuration the helper would return.</summary>
    public IReadOnlyDictionary<string, string>? ExtraConfig { get; init; }

    /// <summary>Raised with the node's identity just before <c>restart</c> is sent.</summary>
    public event Action<string>? RestartRequested;

    /// <summary>Runs every step up to and including <c>restart</c>; null when all succeeded, else "step: error".</summary>
    public async Task<string?> ProvisionAsync(string identity, CancellationToken cancellationToken = default)
    {
        var jwt = await CallAsync(identity, AgentNames.Provision, "jwt", new JwtRequest(AgentToken), cancellationToken);
        if (jwt.Error is not null)
        {
            return jwt.Error;
        }
        var jwtReply = jwt.Result!.Read<JwtReply>();
        try
        {
            ProvisioningTokens.Verify(jwtReply.Jwt, _tokenKey, TimeProvider.System);
        }
        catch (TokenException e)
        {
            return $"jwt: {e.Message}";
        }

        var nonce = Guid.NewGuid().ToString("N");
        var gen = await CallAsync(identity, AgentNames.Provision, "gen25519", new Gen25519Request(nonce, AgentToken), cancellationToken);
        if (gen.Error is not null)
        {
            return gen.Error;
        }
        var key = gen.Result!.Read<Gen25519Reply>();
        if (!NonceVerifier.Verify(key.PublicKey, nonce, key.Signature).IsValid)
        {
            return $"gen25519: {NonceVerifier.InvalidSignatureReason}";
        }

        var inventory = await CallAsync(identity, AgentNames.RpcUtil, "inventory", RpcData.EmptyObject, cancellationToken);
        if (inventory.Error is not null)
        {
            return inventory.Error;
        }
        inventory.Result!.Read<InventoryReply>();

        var csr = await CallAsync(identity, AgentNames.Provision, "gencsr", new GenCsrRequest(Cn: identity, Token: AgentToken), cancellationToken);
        if (csr.Error is not null)
        {
            return csr.Error;
        }
        var csrReply = csr.Result!.Read<GenCsrReply>();
        if (new CsrInspector().Inspect(csrReply.Csr, identity) is CsrInspection.Rejected rejected)
        {
            return $"gencsr: {rejected.Reason}";
        }
        var certificate = Ca.Sign(csrReply.Csr, identity, TimeSpan.FromDays(1));
        var serverJwt = new ServerJwtIssuer(_serverJwtKey, new ServerJwtPolicy(), TimeProvider.System)
            .Issue(new ServerJwtRequest { Identity = identity, PublicKeyHex = key.PublicKey, Collectives = ["choria"] }).Token;

        var settings = new Dictionary<string, string>
        {
            ["plugin.choria.server.provision"] = "false",
            ["identity"] = identity,
            ["collectives"] = "choria",
            ["plugin.choria.middleware_hosts"] = _brokerUrl,
        };
        foreach (var (name, value) in ExtraConfig ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }
        var configure = await CallAsync(identity, AgentNames.Provision, "configure", new ConfigureRequest(
            Ca: Ca.CertificatePem,
            Certificate: certificate.CertificatePem,
            Config: System.Text.Json.JsonSerializer.Serialize(settings),
            ServerJwt: serverJwt,
            SslDir: csrReply.SslDir,
            Token: AgentToken,
            NatsJwt: NatsJwtFor?.Invoke(identity, key.PublicKey)), cancellationToken);
        if (configure.Error is not null)
        {
            return configure.Error;
        }

        RestartRequested?.Invoke(identity);
        var restart = await CallAsync(identity, AgentNames.Provision, "restart", new RestartRequest(1, AgentToken), cancellationToken);
        return restart.Error;
    }

    private async Task<(RpcCallResult? Result, string? Error)> CallAsync<T>(string identity, string agent, string action, T payload, CancellationToken cancellationToken)
    {
        var result = await Client.CallAsync(identity, agent, action, payload, CallTimeout, cancellationToken);
        return result.IsOk ? (result, null) : (result, $"{action}: {result.Error}");
    }

    public void Dispose() => _serverJwtKey.Dispose();
}
