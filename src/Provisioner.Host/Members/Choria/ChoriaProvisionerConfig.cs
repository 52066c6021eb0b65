using System.Text;
using Provisioner.Host.Broker;

namespace Provisioner.Host.Members.Choria;

/// <summary>
/// What an operator's Choria files set, typed with Choria's meaning: the provisioner's YAML
/// (<c>choria-provisioner.yaml</c>, read by <see cref="ChoriaProvisionerYaml"/>) and the broker from a Choria client
/// configuration (<see cref="ChoriaClientConfig"/>). Null is "not set". <see cref="ApplyTo"/> lays it over the settings
/// the --config files gave, so it stands where a last --config file would, below PROVISIONER_* variables and flags.
/// </summary>
public sealed record ChoriaProvisionerConfig
{
    /// <summary>Nothing set: the settings pass through unchanged.</summary>
    public static ChoriaProvisionerConfig None { get; } = new();

    /// <summary>The user Choria's broker gives the provisioner with <c>broker_provisioning_password</c>.</summary>
    public const string ProvisionerUser = "provisioner";

    /// <summary><c>workers</c>: machines provisioned at once, and so helpers run at once.</summary>
    public int? Workers { get; init; }

    /// <summary><c>interval</c>: how often discovery runs.</summary>
    public TimeSpan? Interval { get; init; }

    public string? Helper { get; init; }
    public string? Token { get; init; }
    public string? Site { get; init; }

    /// <summary><c>monitor_port</c>: the Prometheus port; 0 is off.</summary>
    public int? MonitorPort { get; init; }

    /// <summary><c>broker_provisioning_password</c>: the password of broker user <see cref="ProvisionerUser"/>.</summary>
    public string? BrokerProvisioningPassword { get; init; }

    public string? JwtVerifyCert { get; init; }
    public string? JwtSigningKey { get; init; }

    /// <summary><c>jwt_signing_token</c>: the chain signer token server JWTs are issued through.</summary>
    public string? JwtSigningToken { get; init; }
    public TimeSpan? ServerJwtValidity { get; init; }
    public IReadOnlyList<string>? CertDenyList { get; init; }
    public string? LifecycleComponent { get; init; }

    /// <summary><c>loglevel</c>: debug, info, warn, error or fatal.</summary>
    public Microsoft.Extensions.Logging.LogLevel? LogLevel { get; init; }

    /// <summary><c>logfile</c>: where log lines go; empty is the member's own stream.</summary>
    public string? LogFile { get; init; }

    /// <summary>
    /// <c>features</c>: the names switched on, already checked against Choria's rules; they replace
    /// <c>provisioner.features</c> and turn our <c>pki-with-ed25519</c> extension off.
    /// </summary>
    public IReadOnlyList<string>? Features { get; init; }

    public string? UpgradesRepository { get; init; }

    public bool? UpgradesOptional { get; init; }

    /// <summary><c>plugin.choria.middleware_hosts</c> of the Choria client configuration, as NATS URLs.</summary>
    public string? MiddlewareHosts { get; init; }

    /// <summary>The settings with every value set here in place of theirs.</summary>
    public ProvisionerSettings ApplyTo(ProvisionerSettings settings) => settings with
    {
        // Choria's workers bound both the machines in flight and the helpers running; 0 means one per CPU there too.
        MaxInFlight = Workers is { } workers ? WorkerCount(workers) : settings.MaxInFlight,
        HelperConcurrency = Workers is { } helpers ? WorkerCount(helpers) : settings.HelperConcurrency,
        DiscoveryInterval = Interval ?? settings.DiscoveryInterval,
        Helper = Helper ?? settings.Helper,
        Token = Token ?? settings.Token,
        Site = Site ?? settings.Site,
        MetricsPort = MonitorPort ?? settings.MetricsPort,
        JwtVerifyKey = JwtVerifyCert ?? settings.JwtVerifyKey,
        ServerJwtSigningKey = JwtSigningKey ?? settings.ServerJwtSigningKey,
        ServerJwtSigningToken = JwtSigningToken ?? settings.ServerJwtSigningToken,
        ServerJwtValidity = ServerJwtValidity ?? settings.ServerJwtValidity,
        CertDenyList = CertDenyList ?? settings.CertDenyList,
        LifecycleComponent = LifecycleComponent ?? settings.LifecycleComponent,
        Log = settings.Log with { Level = LogLevel ?? settings.Log.Level, File = LogFile ?? settings.Log.File },
        Features = Features ?? settings.Features,
        UpgradesRepository = UpgradesRepository ?? settings.UpgradesRepository,
        UpgradesOptional = UpgradesOptional ?? settings.UpgradesOptional,
        PkiWithEd25519 = Features is null && settings.PkiWithEd25519,
        Broker = settings.Broker with
        {
            Url = MiddlewareHosts ?? settings.Broker.Url,
            Credentials = BrokerProvisioningPassword is { } password
                ? BrokerCredentials.UserPassword(ProvisionerUser, password)
                : settings.Broker.Credentials,
        },
    };

    private static int WorkerCount(int workers) => workers > 0 ? workers : Environment.ProcessorCount;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Workers = {Workers}, Interval = {Interval}, Helper = {Helper}, Token = {(Token is null ? "" : "*****")}, Site = {Site}, ");
        builder.Append($"MonitorPort = {MonitorPort}, BrokerProvisioningPassword = {(BrokerProvisioningPassword is null ? "" : "*****")}, ");
        builder.Append($"JwtVerifyCert = {JwtVerifyCert}, JwtSigningKey = {JwtSigningKey}, JwtSigningToken = {JwtSigningToken}, ServerJwtValidity = {ServerJwtValidity}, ");
        builder.Append($"CertDenyList = [{string.Join(", ", CertDenyList ?? [])}], LifecycleComponent = {LifecycleComponent}, Features = [{string.Join(", ", Features ?? [])}], MiddlewareHosts = {MiddlewareHosts}, ");
        builder.Append($"LogLevel = {LogLevel}, LogFile = {LogFile}");
        return true;
    }
}
