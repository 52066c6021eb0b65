using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.Actors.Admission;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Actors.Rpc;
using Provisioner.Messages.Wire.V2;
using Provisioner.Security.Broker;
using Provisioner.Security.Issuance;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.Members;

/// <summary>
/// Turns a member's <see cref="ProvisionerSettings"/> into what its entities run with: the keys, the signer (the
/// built-in CA or a helper), the CSR rules, the fleet credential issuer, and from them the provisioning steps.
/// Loading happens before anything starts, so a bad key or directory stops the member with the setting named.
/// Disposing releases the key material.
/// </summary>
public sealed class MemberComposition : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly ProvisionerSettings _settings;
    private readonly TimeProvider _clock;
    private readonly TokenVerificationKey _verifyKey;
    private readonly TokenSigningKey _signingKey;
    private readonly SigningTokenFile? _signingToken;
    private readonly MachineCredentialIssuer? _fleetCredentials;
    private readonly INodeSigner _signer;
    private readonly CsrInspector _csrInspector;
    private readonly ServerJwtPolicy _jwtPolicy;
    private readonly NeverExpiringTokens _neverExpiring;

    /// <exception cref="MemberConfigurationException">A key, directory or helper cannot be loaded.</exception>
    public MemberComposition(ProvisionerSettings settings, TimeProvider clock, ILoggerFactory? loggers = null)
    {
        _settings = settings;
        _clock = clock;
        // One per member, shared by admission and the jwt step, so a fleet's one token is warned of once.
        _neverExpiring = new NeverExpiringTokens((loggers ?? NullLoggerFactory.Instance).CreateLogger<NeverExpiringTokens>());
        _jwtPolicy = new ServerJwtPolicy
        {
            Validity = settings.ServerJwtValidity,
            ConfiguredCollectives = NullIfEmpty(settings.Collectives),
            SecurityProvider = NullIfEmpty(settings.SecurityProvider),
        };
        try
        {
            _verifyKey = Own(Load(() => TokenVerificationKey.Load(settings.JwtVerifyKey), "provisioner.jwt-verify-key"));
            _signingKey = Own(Load(() => TokenSigningKey.Load(settings.ServerJwtSigningKey), "provisioner.server-jwt.signing-key"));
            _signingToken = string.IsNullOrWhiteSpace(settings.ServerJwtSigningToken)
                ? null
                : Load(() => ChainSigningToken(settings.ServerJwtSigningToken), "provisioner.server-jwt.signing-token");
            _fleetCredentials = string.IsNullOrWhiteSpace(settings.FleetBrokerDir) ? null : Own(Load(() => FleetIssuer(settings.FleetBrokerDir), "provisioner.fleet.broker-dir"));
            _signer = CreateSigner();
            _csrInspector = Load(() => new CsrInspector(settings.CertDenyList), "provisioner.cert-deny-list");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The steps a node's entity runs, talking to nodes through <paramref name="rpc"/>; <paramref name="memberAddress"/> is recorded as who provisioned.</summary>
    public ChoriaProvisioningSteps Steps(ChoriaRpcClient rpc, string memberAddress) => new(
        rpc,
        _signer,
        new StepSettings(
            _settings.Token,
            _verifyKey,
            _csrInspector,
            new ServerJwtIssuer(_signingKey, _jwtPolicy, _clock, _signingToken),
            _fleetCredentials,
            _settings.FleetCredentialValidity,
            memberAddress,
            Ledger: string.IsNullOrWhiteSpace(_settings.IssuanceLedger)
                ? null
                : Own(Load(() => IssuanceLedger.Open(_settings.IssuanceLedger, memberAddress), "provisioner.issuance-ledger")),
            RequireTokenExpiry: _settings.RequireTokenExpiry,
            NeverExpiringTokens: _neverExpiring,
            UpgradesRepository: _settings.UpgradesRepository,
            UpgradesOptional: _settings.UpgradesOptional),
        _clock);

    /// <summary>
    /// The caller of protocol v2 requests when a chain signer is configured: its token (T1) and
    /// <c>server-jwt.signing-key</c> are what Choria's provisioner signs v2 requests with; null speaks v1 only.
    /// </summary>
    public Func<IRequestSigner>? CallerV2 => _signingToken is { } token ? () => token.Caller(_signingKey) : null;

    /// <summary>The leader's gate: a node gets an entity once it proves, through <paramref name="rpc"/>, that it holds a valid provisioning token.</summary>
    public TokenAdmission Admission(ChoriaRpcClient rpc) => new(new ProvisioningTokenCheck(rpc, _settings.Token, _verifyKey, _clock, _settings.RequireTokenExpiry, _neverExpiring));

    private INodeSigner CreateSigner()
    {
        if (!string.IsNullOrWhiteSpace(_settings.Helper))
        {
            var runner = Load(() => new HelperRunner(_settings.Helper, _settings.HelperTimeout, _settings.HelperConcurrency > 0 ? _settings.HelperConcurrency : null), "provisioner.helper");
            return new HelperSigner(runner, _clock);
        }
        var authority = Own(Load(() => CertificateAuthority.Load(_settings.CaDir), "provisioner.ca-dir"));
        var nodeSettings = NodeConfiguration.OperatorDefaults(_settings.NodeSettings, _settings.Broker.DisplayUrl, _settings.FleetBrokerUrls, _jwtPolicy);
        return new CertificateAuthoritySigner(authority, _settings.CertificateValidity, nodeSettings, _clock);
    }

    // The chain must lead to the key provisioning tokens are checked with: on an issuer network both are the org issuer.
    private SigningTokenFile ChainSigningToken(string path)
    {
        if (_verifyKey.Type != TokenKeyType.Ed25519)
        {
            throw new ArgumentException("needs an Ed25519 provisioner.jwt-verify-key, the org issuer the chain leads to");
        }
        var file = new SigningTokenFile(path, _verifyKey);
        // Choria's refusals (not a client token, no tcs) and a token the org did not sign stop the member, not each node.
        file.Signer(_signingKey);
        ClientIdTokens.Verify(File.ReadAllText(path), _verifyKey, _clock);
        return file;
    }

    private static MachineCredentialIssuer FleetIssuer(string brokerDir)
    {
        var broker = BrokerDirectory.Open(brokerDir);
        using var seed = broker.ReadSeed(BrokerDirectory.FleetSigningSeedFileName);
        return new MachineCredentialIssuer(broker.ReadManifest().FleetAccount, seed);
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static T Load<T>(Func<T> load, string setting)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TokenException or PkiException or ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new MemberConfigurationException([$"{setting}: {e.Message}"]);
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        _owned.Clear();
    }
}
