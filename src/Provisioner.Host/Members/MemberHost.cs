using Provisioner.Messages.Wire;
using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Prometheus;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Rpc;
using Provisioner.Actors.Onboarding;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Messages.Lifecycle;
using Provisioner.Security.Broker;
using Provisioner.Security.Pki;
using Provisioner.Security.Tokens;

namespace Provisioner.Host.Members;

/// <summary>
/// One running cluster member: the actor system with its shards and leader, the NATS connection, the
/// signing material, metrics. Built by <c>provisioner member</c> and by tests that need a real member.
/// </summary>
public sealed class MemberHost : IAsyncDisposable
{
    private readonly List<IDisposable> _owned;
    private readonly NatsConnection _nats;
    private readonly MetricServer? _metrics;

    private MemberHost(ActorSystem system, ProvisionerCluster cluster, MemberSettings settings, NatsConnection nats, MetricServer? metrics, List<IDisposable> owned)
    {
        System = system;
        Cluster = cluster;
        Settings = settings;
        _nats = nats;
        _metrics = metrics;
        _owned = owned;
    }

    public ActorSystem System { get; }
    public ProvisionerCluster Cluster { get; }
    public MemberSettings Settings { get; }
    public string Address => MemberAddress.Of(System);

    /// <summary>Where the live console listens (<c>provisioner cmd</c>).</summary>
    public IPEndPoint? ConsoleEndPoint { get; private init; }

    /// <summary>Starts a member; configuration problems throw <see cref="MemberConfigurationException"/> before anything starts.</summary>
    public static async Task<MemberHost> StartAsync(ClusterOptions clusterOptions, ILoggerFactory loggers, CancellationToken cancellation = default)
    {
        // The console's log ring buffer listens from the first line the member logs.
        clusterOptions = clusterOptions with
        {
            ExtraHocon = $"akka.loggers = [\"Akka.Event.DefaultLogger\", \"{ConsoleLogger.LoggerTypeName}\"]\n{clusterOptions.ExtraHocon}",
        };
        var config = ProvisionerConfig.Load(clusterOptions);
        var settings = MemberSettings.From(config);
        var problems = settings.Problems();
        if (problems.Count > 0)
        {
            throw new MemberConfigurationException(problems);
        }
        var log = loggers.CreateLogger<MemberHost>();
        var owned = new List<IDisposable>();
        var clock = TimeProvider.System;

        var verifyKey = Load(() => TokenVerificationKey.Load(settings.JwtVerifyKey), "provisioner.jwt-verify-key");
        var signingKey = Load(() => TokenSigningKey.Load(settings.ServerJwtSigningKey), "provisioner.server-jwt.signing-key");
        owned.Add(verifyKey);
        owned.Add(signingKey);
        var fleetCredentials = string.IsNullOrWhiteSpace(settings.FleetBrokerDir) ? null : Load(() => FleetIssuer(settings.FleetBrokerDir), "provisioner.fleet.broker-dir");
        var signer = CreateSigner(settings, owned, clock);
        var csrInspector = Load(() => new CsrInspector(settings.CertDenyList), "provisioner.cert-deny-list");

        await CheckJournalAsync(clusterOptions, cancellation);
        var nats = new NatsConnection(new NatsOpts
        {
            Url = settings.NatsUrl,
            Name = $"provisioner-{clusterOptions.Hostname}-{clusterOptions.Port}",
            AuthOpts = string.IsNullOrWhiteSpace(settings.NatsCreds) ? NatsAuthOpts.Default : new NatsAuthOpts { CredsFile = settings.NatsCreds },
            LoggerFactory = loggers,
        });
        try
        {
            await nats.ConnectAsync();
        }
        catch (NatsException e)
        {
            await nats.DisposeAsync();
            throw new MemberConfigurationException([$"cannot connect to NATS at {settings.NatsUrl}: {e.Message}"]);
        }

        var system = ActorSystem.Create(clusterOptions.SystemName, ProvisionerConfig.Setup(clusterOptions));
        var rpc = new ChoriaRpcClient(nats, new ChoriaRpcClientOptions { Identity = settings.Identity, SeenByUrl = settings.NatsUrl });
        var watcher = new NatsFleetWatcher(nats, rpc, settings.LifecycleComponent, loggers.CreateLogger<NatsFleetWatcher>());
        var steps = new ChoriaProvisioningSteps(
            rpc,
            signer,
            new StepSettings(
                settings.Token,
                verifyKey,
                csrInspector,
                new ServerJwtIssuer(signingKey, new ServerJwtPolicy
                {
                    Validity = settings.ServerJwtValidity,
                    ConfiguredCollectives = NullIfEmpty(settings.Collectives),
                    SecurityProvider = NullIfEmpty(settings.SecurityProvider),
                }, clock),
                fleetCredentials,
                settings.FleetCredentialValidity,
                MemberAddress.Of(system)),
            clock);

        if (!string.IsNullOrEmpty(settings.Site))
        {
            Metrics.DefaultRegistry.SetStaticLabels(new Dictionary<string, string> { ["site"] = settings.Site });
        }
        MetricServer? metrics = null;
        if (settings.MetricsPort > 0)
        {
            metrics = new MetricServer("127.0.0.1", settings.MetricsPort);
            metrics.Start();
        }

        // Report "up" only once this member has joined: shards are handed only to registered members, so
        // work started earlier would all land on whoever was up first.
        var up = new TaskCompletionSource();
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        var cluster = ProvisionerCluster.Start(
            system,
            steps,
            watcher,
            new LeaderSettings(settings.DiscoveryInterval, settings.MaxInFlight, settings.InFlightTimeout, settings.StartPaused),
            NodeOnboardingSettings.Default with { StepTimeout = settings.StepTimeout, PassivateAfterEnd = settings.PassivateAfterEnd },
            clock);
        await up.Task.WaitAsync(cancellation);
        var console = await StartConsoleAsync(system, cluster, settings, cancellation);
        owned.Add(console);
        await AnnounceAsync(nats, settings, cancellation);
        log.LogInformation("member {Address} started; NATS {Nats}; console {Console}; metrics {Metrics}", MemberAddress.Of(system), settings.NatsUrl, console.EndPoint, settings.MetricsPort > 0 ? $"127.0.0.1:{settings.MetricsPort}" : "off");
        return new MemberHost(system, cluster, settings, nats, metrics, owned) { ConsoleEndPoint = console.EndPoint };
    }

    private static async Task<ConsoleEndpoint> StartConsoleAsync(ActorSystem system, ProvisionerCluster cluster, MemberSettings settings, CancellationToken cancellation)
    {
        if (!IPEndPoint.TryParse(settings.ConsoleBind, out var bind))
        {
            throw new MemberConfigurationException([$"provisioner.console.bind: '{settings.ConsoleBind}' is not host:port"]);
        }
        try
        {
            return await ConsoleEndpoint.StartAsync(system, cluster, new ConsoleOptions
            {
                Address = bind.Address.ToString(),
                Port = bind.Port,
                AuthorizedKeysFile = string.IsNullOrWhiteSpace(settings.ConsoleAuthorizedKeys) ? null : settings.ConsoleAuthorizedKeys,
                EndpointFile = string.IsNullOrWhiteSpace(settings.ConsoleAddressFile) ? null : settings.ConsoleAddressFile,
            }, cancellation);
        }
        catch (ConsoleStartException e)
        {
            await system.Terminate();
            throw new MemberConfigurationException([$"provisioner.console: {e.Message}"]);
        }
    }

    /// <summary>Fails fast, naming the database, rather than starting a member whose entities cannot persist.</summary>
    private static async Task CheckJournalAsync(ClusterOptions options, CancellationToken cancellation)
    {
        try
        {
            await using global::System.Data.Common.DbConnection connection = options.Database == JournalDatabase.Sqlite
                ? new Microsoft.Data.Sqlite.SqliteConnection(options.ConnectionString)
                : new Npgsql.NpgsqlConnection(options.ConnectionString);
            await connection.OpenAsync(cancellation);
        }
        catch (Exception e) when (e is global::System.Data.Common.DbException or ArgumentException or InvalidOperationException)
        {
            throw new MemberConfigurationException([$"cannot open the {options.Database} journal: {e.Message}"]);
        }
    }

    private static INodeSigner CreateSigner(MemberSettings settings, List<IDisposable> owned, TimeProvider clock)
    {
        if (!string.IsNullOrWhiteSpace(settings.Helper))
        {
            var runner = Load(() => new HelperRunner(settings.Helper, settings.HelperTimeout, settings.HelperConcurrency > 0 ? settings.HelperConcurrency : null), "provisioner.helper");
            return new HelperSigner(runner, clock);
        }
        var authority = Load(() => CertificateAuthority.Load(settings.CaDir), "provisioner.ca-dir");
        owned.Add(authority);
        return new CertificateAuthoritySigner(authority, settings.CertificateValidity, NodeConfiguration(settings), clock);
    }

    private static IReadOnlyDictionary<string, string> NodeConfiguration(MemberSettings settings)
    {
        var node = new Dictionary<string, string>(settings.NodeSettings, StringComparer.Ordinal);
        var urls = string.IsNullOrWhiteSpace(settings.FleetBrokerUrls) ? settings.NatsUrl : settings.FleetBrokerUrls;
        node.TryAdd(ServerConfigKeys.MiddlewareHosts, urls);
        // The node must join the collectives its server JWT and fleet NATS credentials grant: left to its own
        // default it may pick another one and the broker refuses its subscriptions.
        var collectives = ServerJwtIssuer.CollectivesFor(null, new ServerJwtPolicy
        {
            ConfiguredCollectives = NullIfEmpty(settings.Collectives),
            SecurityProvider = NullIfEmpty(settings.SecurityProvider),
        });
        node.TryAdd(ServerConfigKeys.Collectives, string.Join(",", collectives));
        return node;
    }

    private static MachineCredentialIssuer FleetIssuer(string brokerDir)
    {
        var broker = BrokerDirectory.Open(brokerDir);
        return new MachineCredentialIssuer(broker.ReadManifest().FleetAccount, broker.ReadSeed(BrokerDirectory.FleetSigningSeedFileName));
    }

    /// <summary>The provisioner announces itself as Choria's does: a legacy-format startup event for component provisioner.</summary>
    private static async Task AnnounceAsync(NatsConnection nats, MemberSettings settings, CancellationToken cancellation)
    {
        var e = LifecycleEvent.Create(LifecycleEventType.Startup, settings.Identity, LifecycleComponents.Provisioner, DateTimeOffset.UtcNow, typeof(MemberHost).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        await nats.PublishAsync(e.Subject, LifecycleCodec.EncodeLegacy(e), cancellationToken: cancellation);
    }

    private static T Load<T>(Func<T> load, string setting)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TokenException or PkiException or ArgumentException or FormatException or global::System.Security.Cryptography.CryptographicException)
        {
            throw new MemberConfigurationException([$"{setting}: {e.Message}"]);
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Leaves the cluster gracefully (shards hand off, the leader moves), then closes NATS.</summary>
    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(60));
        await _nats.DisposeAsync();
        if (_metrics is not null) await _metrics.StopAsync();
        foreach (var d in _owned) d.Dispose();
    }
}
