using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;
using Provisioner.Host.Monitoring;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Fleet;
using Provisioner.Actors.Journal;
using Provisioner.Actors.Nodes;
using Provisioner.Actors.Rpc;
using Provisioner.Actors.Telemetry;
using Provisioner.Aaa.Configuration;
using Provisioner.Host.AaaHosting;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Host.Logging;
using Provisioner.Host.Web;
using Provisioner.Messages.Lifecycle;

namespace Provisioner.Host.Members;

/// <summary>
/// One running cluster member: the actor system with its shards and leader, the NATS connection, the console,
/// metrics. Started by <c>provisioner member</c> and by tests that need a real member; what the entities run
/// with comes from <see cref="MemberComposition"/>.
/// </summary>
public sealed class MemberHost : IAsyncDisposable
{
    private readonly MemberComposition _composition;
    private readonly ConsoleEndpoint _console;
    private readonly NatsConnection _nats;
    private readonly MonitoringServer? _monitoring;
    private readonly AaaMember? _aaa;
    private readonly WebViewServer? _web;

    private MemberHost(ActorSystem system, ProvisionerCluster cluster, MemberSettings settings, MemberComposition composition, NatsConnection nats, ConsoleEndpoint console, MonitoringServer? monitoring, AaaMember? aaa, WebViewServer? web)
    {
        _aaa = aaa;
        _web = web;
        System = system;
        Cluster = cluster;
        Settings = settings;
        _composition = composition;
        _nats = nats;
        _console = console;
        _monitoring = monitoring;
    }

    public ActorSystem System { get; }
    public ProvisionerCluster Cluster { get; }
    public MemberSettings Settings { get; }
    public string Address => MemberAddress.Of(System);

    /// <summary>Where the live console listens (<c>provisioner cmd</c>).</summary>
    public IPEndPoint ConsoleEndPoint => _console.EndPoint;

    /// <summary>Where <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> are served, or null when the monitoring port is off.</summary>
    public IPEndPoint? MonitoringEndPoint => _monitoring?.EndPoint;

    /// <summary>Where the AAA HTTP API is served, or null when this member serves none.</summary>
    public IPEndPoint? AaaEndPoint => _aaa?.HttpEndPoint;

    /// <summary>Where the web view is served, or null when it is off.</summary>
    public IPEndPoint? WebEndPoint => _web?.EndPoint;

    /// <summary>Starts a member; configuration problems throw <see cref="MemberConfigurationException"/> before anything starts.</summary>
    public static async Task<MemberHost> StartAsync(MemberSettings settings, ILoggerFactory loggers, CancellationToken cancellation = default)
    {
        var (options, p) = (settings.Cluster, settings.Provisioner);
        var (consoleBind, webBind) = await PreflightAsync(settings, cancellation);
        var aaaSettings = p.Aaa.Enabled ? AaaMember.LoadSettings(p.Aaa) : null;
        var clock = TimeProvider.System;
        LabelSite(p.Site);
        ExportedMeters.Apply();
        ProvisionerMetrics.PublishBuildInfo(BuildInfo.Current);
        // Akka logs into the member's log pipeline at its level (over any akka.loglevel in the operator's files), and
        // the console's log ring buffer listens from the first line the member logs.
        options = options with
        {
            Overrides = LogPipeline.AkkaConfig(p.Log.Level, ConsoleLogger.LoggerTypeName)
                .WithFallback(options.Overrides ?? Akka.Configuration.Config.Empty),
        };
        var setup = ClusterSetup(options).And(new LoggerFactorySetup(loggers));
        var composition = new MemberComposition(p, clock, loggers);
        NatsConnection? nats = null;
        try
        {
            await CheckJournalAsync(options, cancellation);
            nats = await ConnectAsync(options, p, loggers);
            var system = ActorSystem.Create(options.SystemName, setup);
            var rpc = new ChoriaRpcClient(nats, new ChoriaRpcClientOptions { Identity = p.Identity, SeenByUrl = p.Broker.DisplayUrl, CallerV2 = composition.CallerV2 },
                logger: loggers.CreateLogger<ChoriaRpcClient>());
            var watcher = new NatsFleetWatcher(nats, rpc, p.LifecycleComponent, loggers.CreateLogger<NatsFleetWatcher>());
            var monitoring = await StartMonitoringAsync(p, system, options.Journal, nats, cancellation);

            // Report "up" only once this member has joined: shards are handed only to registered members, so
            // work started earlier would all land on whoever was up first.
            var up = new TaskCompletionSource();
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            var cluster = ProvisionerCluster.Start(
                system,
                options.Journal,
                new TracedProvisioningSteps(composition.Steps(rpc, MemberAddress.Of(system)), MemberAddress.Of(system)),
                watcher,
                composition.Admission(rpc),
                new LeaderSettings(p.DiscoveryInterval, p.MaxInFlight, p.InFlightTimeout, p.StartPaused)
                {
                    MaxQueued = p.MaxQueued,
                    MaxAdmitting = p.MaxAdmitting,
                    AdmissionTimeout = p.AdmissionTimeout,
                    BackoffFirst = p.BackoffFirst,
                    BackoffCap = p.BackoffCap,
                },
                NodeOnboardingSettings.Default with { StepTimeout = p.StepTimeout, PassivateAfterEnd = p.PassivateAfterEnd, Features = p.EnabledFeatures() },
                clock);
            await up.Task.WaitAsync(cancellation);
            var console = await StartConsoleAsync(system, cluster, ConsoleOptionsFor(p, consoleBind, aaaSettings), cancellation);
            var aaa = aaaSettings is null ? null : await StartAaaAsync(system, console, aaaSettings, p, nats, options.Journal, loggers, cancellation);
            var web = webBind is null ? null : await StartWebAsync(system, cluster, console, aaa, webBind, clock, loggers, cancellation);
            await AnnounceAsync(nats, p, cancellation);
            loggers.CreateLogger<MemberHost>().LogInformation("member {Address} started; NATS {Nats}; console {Console}; metrics {Metrics}; web {Web}",
                MemberAddress.Of(system), p.Broker.DisplayUrl, console.EndPoint, monitoring?.EndPoint.ToString() ?? "off", web is null ? "off" : $"http://{web.EndPoint}/");
            return new MemberHost(system, cluster, settings, composition, nats, console, monitoring, aaa, web);
        }
        catch
        {
            if (nats is not null) await nats.DisposeAsync();
            composition.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whoever reaches an unauthenticated cluster port can join and take shards, or tell members to leave, so plain
    /// remoting is for loopback only. A name counts as loopback when every address it resolves to is.
    /// </summary>
    /// <summary>
    /// What <see cref="StartAsync"/> checks before it starts anything, without starting it (<c>--check-config</c>):
    /// the settings, the console bind, cluster TLS, and that the keys, the CA or helper and the ledger load.
    /// </summary>
    /// <exception cref="MemberConfigurationException">Each problem, naming its setting.</exception>
    public static async Task CheckAsync(MemberSettings settings, CancellationToken cancellation = default)
    {
        await PreflightAsync(settings, cancellation);
        using var composition = new MemberComposition(settings.Provisioner, TimeProvider.System);
        if (settings.Provisioner.Aaa.Enabled)
        {
            AaaMember.LoadSettings(settings.Provisioner.Aaa);
        }
    }

    private static async Task<(IPEndPoint Console, IPEndPoint? Web)> PreflightAsync(MemberSettings settings, CancellationToken cancellation)
    {
        var p = settings.Provisioner;
        var problems = p.Problems();
        if (problems.Count > 0)
        {
            throw new MemberConfigurationException(problems);
        }
        if (!IPEndPoint.TryParse(p.ConsoleBind, out var consoleBind))
        {
            throw new MemberConfigurationException([$"provisioner.console.bind: '{p.ConsoleBind}' is not host:port"]);
        }
        IPEndPoint? webBind;
        try
        {
            webBind = WebViewSettings.Parse(p.WebBind);
        }
        catch (FormatException e)
        {
            throw new MemberConfigurationException([e.Message]);
        }
        await RefuseUnauthenticatedRemotingAsync(settings.Cluster, cancellation);
        return (consoleBind, webBind);
    }

    private static async Task RefuseUnauthenticatedRemotingAsync(ClusterOptions options, CancellationToken cancellation)
    {
        if (options.Tls is not null)
        {
            return;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(options.Hostname, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(options.Hostname, cancellation);
        }
        catch (Exception e) when (e is global::System.Net.Sockets.SocketException or ArgumentException)
        {
            addresses = [];
        }
        if (addresses.Length == 0 || !addresses.All(IPAddress.IsLoopback))
        {
            throw new MemberConfigurationException([
                $"refusing to bind the cluster port on {options.Hostname}, which is not a loopback address, without cluster TLS: " +
                "set provisioner.cluster.tls { cert, key, ca } (provisioner ca member-cert issues them), or bind 127.0.0.1"]);
        }
    }

    private static Akka.Actor.Setup.ActorSystemSetup ClusterSetup(ClusterOptions options)
    {
        try
        {
            return ProvisionerConfig.Setup(options);
        }
        catch (Provisioner.Security.Pki.PkiException e)
        {
            throw new MemberConfigurationException([$"provisioner.cluster.tls: {e.Message}"]);
        }
    }

    private static async Task<NatsConnection> ConnectAsync(ClusterOptions options, ProvisionerSettings p, ILoggerFactory loggers)
    {
        var nats = new NatsConnection(p.Broker.Options($"provisioner-{options.Hostname}-{options.Port}", loggers));
        try
        {
            await nats.ConnectAsync();
            return nats;
        }
        catch (NatsException e)
        {
            await nats.DisposeAsync();
            throw new MemberConfigurationException([$"cannot connect to NATS at {p.Broker.DisplayUrl}: {e.Message}"]);
        }
    }

    // Every metric carries the site, as Choria's do. Static labels go on the registry before its first metric exists,
    // so this runs before anything else in the member touches a metric.
    private static void LabelSite(string site)
    {
        if (string.IsNullOrEmpty(site))
        {
            return;
        }
        try
        {
            Metrics.DefaultRegistry.SetStaticLabels(new Dictionary<string, string> { ["site"] = site });
        }
        catch (InvalidOperationException e)
        {
            throw new MemberConfigurationException([$"provisioner.site: cannot label this process's metrics with it: {e.Message}"]);
        }
    }

    // Serves before the member is Up, so that /readyz can say it is not yet.
    private static async Task<MonitoringServer?> StartMonitoringAsync(ProvisionerSettings p, ActorSystem system, JournalStore journal, NatsConnection nats, CancellationToken cancellation)
    {
        if (p.MetricsPort <= 0)
        {
            return null;
        }
        var bind = new IPEndPoint(IPAddress.Parse(p.MetricsBind), p.MetricsPort);
        try
        {
            return await MonitoringServer.StartAsync(bind, new Dictionary<string, IHealthCheck>
            {
                ["cluster"] = new ClusterMemberUpCheck(system),
                ["journal"] = new JournalReachableCheck(journal),
                ["nats"] = new BrokerConnectedCheck(nats),
            }, cancellation);
        }
        catch (IOException e)
        {
            await system.Terminate();
            throw new MemberConfigurationException([$"provisioner.metrics-port: cannot listen on {bind}: {e.Message}"]);
        }
    }

    // A member that signs for AAA takes its logins at the console too, unless the console names its own login key.
    private static ConsoleOptions ConsoleOptionsFor(ProvisionerSettings p, IPEndPoint bind, AaaSettings? aaa)
    {
        var options = p.ConsoleEndpointOptions(bind);
        return options.LoginVerifyKey is null && aaa?.Signer is { } signer
            ? options with { LoginVerifyKey = signer.SigningCertificate, LoginMaxValidity = signer.MaxValidity }
            : options;
    }

    private static async Task<ConsoleEndpoint> StartConsoleAsync(ActorSystem system, ProvisionerCluster cluster, ConsoleOptions options, CancellationToken cancellation)
    {
        try
        {
            return await ConsoleEndpoint.StartAsync(system, cluster, options, cancellation);
        }
        catch (ConsoleStartException e)
        {
            await system.Terminate();
            throw new MemberConfigurationException([$"provisioner.console: {e.Message}"]);
        }
    }

    private static async Task<AaaMember> StartAaaAsync(ActorSystem system, ConsoleEndpoint console, AaaSettings settings, ProvisionerSettings p,
        NatsConnection nats, JournalStore journal, ILoggerFactory loggers, CancellationToken cancellation)
    {
        try
        {
            return await AaaMember.StartAsync(p.Aaa, settings, nats, journal, console, MemberAddress.Of(system), p.Identity, loggers, cancellation);
        }
        catch (Exception e) when (e is MemberConfigurationException or global::System.Data.Common.DbException)
        {
            await console.DisposeAsync();
            await system.Terminate();
            throw e as MemberConfigurationException ?? new MemberConfigurationException([$"provisioner.aaa: cannot create the audit table in the journal: {e.Message}"]);
        }
    }

    private static async Task<WebViewServer> StartWebAsync(ActorSystem system, ProvisionerCluster cluster, ConsoleEndpoint console, AaaMember? aaa, IPEndPoint bind,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellation)
    {
        var logger = loggers.CreateLogger<WebViewServer>();
        var feed = new FleetFeed(system, cluster, TimeSpan.FromSeconds(1), clock, logger);
        try
        {
            return await WebViewServer.StartAsync(bind, feed, new NodeLookup(cluster, TimeSpan.FromSeconds(10)), logger, cancellation);
        }
        catch (IOException e)
        {
            await feed.DisposeAsync();
            if (aaa is not null) await aaa.DisposeAsync();
            await console.DisposeAsync();
            await system.Terminate();
            throw new MemberConfigurationException([$"provisioner.web.bind: cannot listen on {bind}: {e.Message}"]);
        }
    }

    /// <summary>Fails fast, naming the database, rather than starting a member whose entities cannot persist.</summary>
    private static async Task CheckJournalAsync(ClusterOptions options, CancellationToken cancellation)
    {
        try
        {
            options.Journal.CreatePrivateFile();
            await using var connection = options.Journal.Connect();
            await connection.OpenAsync(cancellation);
        }
        catch (Exception e) when (e is global::System.Data.Common.DbException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new MemberConfigurationException([$"cannot open the {options.Journal.Database} journal: {e.Message}"]);
        }
    }

    /// <summary>The provisioner announces itself as Choria's does: a legacy-format startup event for component provisioner.</summary>
    private static async Task AnnounceAsync(NatsConnection nats, ProvisionerSettings p, CancellationToken cancellation)
    {
        var e = LifecycleEvent.Create(LifecycleEventType.Startup, p.Identity, LifecycleComponents.Provisioner, DateTimeOffset.UtcNow, BuildInfo.Current.Version);
        await nats.PublishAsync(e.Subject, LifecycleCodec.EncodeLegacy(e), cancellationToken: cancellation);
    }

    /// <summary>Leaves the cluster gracefully (shards hand off, the leader moves), then closes NATS.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_web is not null) await _web.DisposeAsync();
            if (_aaa is not null) await _aaa.DisposeAsync();
            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
            await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            // A member that could not leave in time still stops talking to the fleet: its sweeps and RPCs go
            // through this connection, and a half-stopped member must not provision nodes it no longer owns.
            await _nats.DisposeAsync();
            if (_monitoring is not null) await _monitoring.DisposeAsync();
            await _console.DisposeAsync();
            _composition.Dispose();
        }
    }
}
