using System.Net;
using Akka.Configuration;
using Provisioner.Actors.Nodes;
using Provisioner.Host.AaaHosting;
using Provisioner.Host.Broker;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Host.Logging;

namespace Provisioner.Host.Members;

/// <summary>The <c>provisioner { }</c> section of a member's configuration, typed.</summary>
public sealed record ProvisionerSettings(
    string Identity,
    string Site,
    BrokerConnectionSettings Broker,
    string Token,
    string JwtVerifyKey,
    bool RequireTokenExpiry,
    string CaDir,
    TimeSpan CertificateValidity,
    string Helper,
    TimeSpan HelperTimeout,
    int HelperConcurrency,
    string IssuanceLedger,
    string ServerJwtSigningKey,
    TimeSpan ServerJwtValidity,
    string Collectives,
    string SecurityProvider,
    string FleetBrokerUrls,
    string FleetBrokerDir,
    TimeSpan FleetCredentialValidity,
    IReadOnlyDictionary<string, string> NodeSettings,
    IReadOnlyList<string> CertDenyList,
    IReadOnlyList<string> Features,
    bool PkiWithEd25519,
    string LifecycleComponent,
    TimeSpan DiscoveryInterval,
    int MaxInFlight,
    TimeSpan InFlightTimeout,
    int MaxQueued,
    int MaxAdmitting,
    TimeSpan AdmissionTimeout,
    TimeSpan BackoffFirst,
    TimeSpan BackoffCap,
    TimeSpan StepTimeout,
    TimeSpan PassivateAfterEnd,
    bool StartPaused,
    int MetricsPort,
    string MetricsBind,
    string ConsoleBind,
    string ConsoleAuthorizedKeys,
    string ConsoleAddressFile,
    bool ConsoleTrustLoopback,
    TimeSpan ConsoleRequestLineTimeout,
    int ConsoleMaxConnectionsPerAddress,
    LogSettings Log)
{
    /// <summary>Where nodes download releases from for <c>release_update</c> (feature <c>upgrades</c>; Choria's <c>upgrades_repository</c>).</summary>
    public string UpgradesRepository { get; init; } = "";

    /// <summary>A failed or impossible upgrade warns and the attempt goes on to configure (Choria's <c>upgrades_optional</c>).</summary>
    public bool UpgradesOptional { get; init; }

    /// <summary>The AAA service this member serves, if any (<c>provisioner.aaa</c>).</summary>
    public AaaMemberSettings Aaa { get; init; } = AaaMemberSettings.Off;

    /// <summary>Where the web view listens (<c>provisioner.web.bind</c>, host:port), or <c>off</c>.</summary>
    public string WebBind { get; init; } = Web.WebViewSettings.DefaultBind;

    /// <summary>The AAA login key whose JWTs the console takes in place of an authorized key; empty: the AAA signer's, if any.</summary>
    public string ConsoleLoginVerifyKey { get; init; } = "";

    /// <summary>The furthest off a login token's expiry may be at the console.</summary>
    public TimeSpan ConsoleLoginMaxValidity { get; init; } = TimeSpan.FromHours(2);

    public static ProvisionerSettings From(Config config)
    {
        var p = config.GetConfig("provisioner") ?? throw new ArgumentException("configuration has no provisioner section");
        var nodeSettings = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = p.GetConfig("node-settings");
        if (nodes is not null && !nodes.IsEmpty)
        {
            // Choria's keys are dotted: read each value as it stands, since a lookup by key would take the dots for a path.
            foreach (var (key, value) in nodes.AsEnumerable())
            {
                nodeSettings[key] = value.GetString();
            }
        }
        return new ProvisionerSettings(
            Identity: p.GetString("identity", "provisioner"),
            Site: p.GetString("site", ""),
            Broker: new BrokerConnectionSettings(
                p.GetString("nats.url"),
                new BrokerCredentials { CredsFile = p.GetString("nats.creds", ""), User = p.GetString("nats.user", ""), PasswordFile = p.GetString("nats.password-file", "") },
                new BrokerTls(p.GetString("nats.tls.ca", ""), p.GetString("nats.tls.cert", ""), p.GetString("nats.tls.key", ""))),
            Token: p.GetString("token", ""),
            JwtVerifyKey: p.GetString("jwt-verify-key", ""),
            RequireTokenExpiry: p.GetBoolean("require-token-expiry", false),
            CaDir: p.GetString("ca-dir", ""),
            CertificateValidity: p.GetTimeSpan("certificate-validity"),
            Helper: p.GetString("helper", ""),
            HelperTimeout: p.GetTimeSpan("helper-timeout"),
            HelperConcurrency: p.GetInt("helper-concurrency"),
            IssuanceLedger: p.GetString("issuance-ledger", ""),
            ServerJwtSigningKey: p.GetString("server-jwt.signing-key", ""),
            ServerJwtValidity: p.GetTimeSpan("server-jwt.validity"),
            Collectives: p.GetString("server-jwt.collectives", ""),
            SecurityProvider: p.GetString("server-jwt.security-provider", ""),
            FleetBrokerUrls: p.GetString("fleet.broker-urls", ""),
            FleetBrokerDir: p.GetString("fleet.broker-dir", ""),
            FleetCredentialValidity: p.GetTimeSpan("fleet.credential-validity"),
            NodeSettings: nodeSettings,
            CertDenyList: p.GetStringList("cert-deny-list").ToList(),
            Features: p.GetStringList("features").ToList(),
            PkiWithEd25519: p.GetBoolean("pki-with-ed25519"),
            LifecycleComponent: p.GetString("lifecycle-component"),
            DiscoveryInterval: p.GetTimeSpan("discovery-interval"),
            MaxInFlight: p.GetInt("max-in-flight"),
            InFlightTimeout: p.GetTimeSpan("in-flight-timeout"),
            MaxQueued: p.GetInt("max-queued"),
            MaxAdmitting: p.GetInt("admission.max-in-flight"),
            AdmissionTimeout: p.GetTimeSpan("admission.timeout"),
            BackoffFirst: p.GetTimeSpan("backoff.first"),
            BackoffCap: p.GetTimeSpan("backoff.cap"),
            StepTimeout: p.GetTimeSpan("step-timeout"),
            PassivateAfterEnd: p.GetTimeSpan("passivate-after-end"),
            StartPaused: p.GetBoolean("start-paused"),
            MetricsPort: p.GetInt("metrics-port"),
            MetricsBind: p.GetString("metrics-bind", "0.0.0.0"),
            ConsoleBind: p.GetString("console.bind", "127.0.0.1:9110"),
            ConsoleAuthorizedKeys: p.GetString("console.authorized-keys", ""),
            ConsoleAddressFile: p.GetString("console.address-file", ""),
            ConsoleTrustLoopback: p.GetBoolean("console.trust-loopback", true),
            ConsoleRequestLineTimeout: p.GetTimeSpan("console.request-line-timeout", TimeSpan.FromSeconds(10)),
            ConsoleMaxConnectionsPerAddress: p.GetInt("console.max-connections-per-address", 8),
            Log: LogFrom(p))
        {
            Aaa = AaaMemberSettings.From(p),
            ServerJwtSigningToken = p.GetString("server-jwt.signing-token", ""),
            WebBind = p.GetString("web.bind", Web.WebViewSettings.DefaultBind),
            ConsoleLoginVerifyKey = p.GetString("console.login-verify-key", ""),
            ConsoleLoginMaxValidity = p.GetTimeSpan("console.login-max-validity", TimeSpan.FromHours(2)),
            UpgradesRepository = p.GetString("upgrades.repository", ""),
            UpgradesOptional = p.GetBoolean("upgrades.optional", false),
        };
    }

    private static LogSettings LogFrom(Config p)
    {
        var defaults = LogSettings.Default;
        return new LogSettings(
            Parsed("provisioner.log.level", p.GetString("log.level", ""), LogSettings.ParseLevel) ?? defaults.Level,
            Parsed("provisioner.log.format", p.GetString("log.format", ""), LogSettings.ParseFormat) ?? defaults.Format,
            p.GetString("log.file", defaults.File));
    }

    /// <summary>A value read with <paramref name="parse"/>, or null when empty; a bad one is a problem naming <paramref name="key"/>.</summary>
    /// <exception cref="MemberConfigurationException">The value does not parse.</exception>
    internal static T? Parsed<T>(string key, string? text, Func<string, T> parse) where T : struct
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new MemberConfigurationException([$"{key}: {e.Message}"]);
        }
    }

    /// <summary>
    /// <c>server-jwt.signing-token</c> (Choria's <c>jwt_signing_token</c>): the chain signer token server JWTs are issued
    /// through; empty issues them signed by <see cref="ServerJwtSigningKey"/> alone.
    /// </summary>
    public string ServerJwtSigningToken { get; init; } = "";

    // Printed as --check-config shows it: readable lists and durations, the token and secret node settings masked.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.AppendJoin(", ", EffectiveSettings.Provisioner(this).Select(e => $"{e.Name} = {e.Value}"));
        return true;
    }

    /// <summary>The console endpoint's options from the <c>console { }</c> settings, bound to <paramref name="bind"/>.</summary>
    public ConsoleOptions ConsoleEndpointOptions(IPEndPoint bind) => new()
    {
        Address = bind.Address.ToString(),
        Port = bind.Port,
        AuthorizedKeysFile = string.IsNullOrWhiteSpace(ConsoleAuthorizedKeys) ? null : ConsoleAuthorizedKeys,
        EndpointFile = string.IsNullOrWhiteSpace(ConsoleAddressFile) ? null : ConsoleAddressFile,
        TrustLoopback = ConsoleTrustLoopback,
        RequestLineTimeout = ConsoleRequestLineTimeout,
        MaxConnectionsPerAddress = ConsoleMaxConnectionsPerAddress,
        LoginVerifyKey = string.IsNullOrWhiteSpace(ConsoleLoginVerifyKey) ? null : ConsoleLoginVerifyKey,
        LoginMaxValidity = ConsoleLoginMaxValidity,
    };

    /// <summary>Which steps attempts run, from <c>features</c> and <c>pki-with-ed25519</c>.</summary>
    /// <exception cref="FormatException">The list breaks Choria's rules (see <see cref="Problems"/>).</exception>
    public ProvisioningFeatures EnabledFeatures() => ProvisioningFeatures.Parse(Features, PkiWithEd25519);

    /// <summary>Problems that stop a member from starting, each naming the setting.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(Broker.Problems());
        if (string.IsNullOrWhiteSpace(JwtVerifyKey)) problems.Add("provisioner.jwt-verify-key is required: the key that signed the provisioning tokens");
        if (string.IsNullOrWhiteSpace(ServerJwtSigningKey)) problems.Add("provisioner.server-jwt.signing-key is required: the key that signs server JWTs");
        if (string.IsNullOrWhiteSpace(CaDir) && string.IsNullOrWhiteSpace(Helper)) problems.Add("provisioner.ca-dir or provisioner.helper is required: who signs the nodes' certificates");
        if (!System.Net.IPAddress.TryParse(MetricsBind, out _)) problems.Add($"provisioner.metrics-bind: '{MetricsBind}' is not an IP address");
        if (MaxInFlight < 1) problems.Add("provisioner.max-in-flight must be at least 1");
        if (MaxQueued < 1) problems.Add("provisioner.max-queued must be at least 1");
        if (MaxAdmitting < 1) problems.Add("provisioner.admission.max-in-flight must be at least 1");
        if (AdmissionTimeout <= TimeSpan.Zero) problems.Add("provisioner.admission.timeout must be positive");
        if (BackoffFirst <= TimeSpan.Zero || BackoffCap < BackoffFirst) problems.Add("provisioner.backoff.first must be positive and provisioner.backoff.cap at least as long");
        if (LifecycleComponent.IndexOfAny(['.', '>', '*']) >= 0) problems.Add("provisioner.lifecycle-component must not contain '.', '>' or '*'");
        try
        {
            // Choria has no CA of its own: its helper may sign without a CSR, ours cannot.
            if (!EnabledFeatures().Pki && string.IsNullOrWhiteSpace(Helper))
            {
                problems.Add("provisioner.features must include pki when the built-in CA (provisioner.ca-dir) signs: it signs the node's CSR");
            }
        }
        catch (FormatException e)
        {
            problems.Add($"provisioner.features: {e.Message}");
        }
        return problems;
    }
}
