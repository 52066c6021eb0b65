using System.CommandLine;
using System.Runtime.InteropServices;
using Provisioner.Host.Logging;
using Provisioner.Host.Members;
using Provisioner.Host.Members.Choria;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner member</c>: runs one cluster member until SIGTERM or Ctrl-C, then leaves gracefully.
/// Precedence (<see cref="MemberSettings"/>): command-line flags, then PROVISIONER_* environment variables, then the --config files and --choria-config, then hocon/.
/// </summary>
public static class MemberCommand
{
    public static Command Create(CliWriters io)
    {
        var config = new Option<FileInfo[]>("--config") { Description = "HOCON file with provisioner { } settings (and any akka overrides); repeatable, later files win", AllowMultipleArgumentsPerToken = false };
        var choriaConfig = new Option<string?>(ChoriaProvisionerYaml.Flag) { Description = "Choria's provisioner YAML (choria-provisioner.yaml), with Choria's meaning for each key; read after the --config files (docs/choria-compatibility.md)" };
        var choriaClientConfig = new Option<string?>(ChoriaClientConfig.Flag) { Description = "A Choria client configuration whose plugin.choria.middleware_hosts names the broker (--nats beats it)" };
        var hostname = new Option<string?>("--hostname") { Description = "Address other members reach this one on [env PROVISIONER_HOSTNAME, default 127.0.0.1]" };
        var port = new Option<int?>("--port") { Description = "Cluster port [env PROVISIONER_PORT, default 4053]" };
        var seeds = new Option<string[]>("--seed") { Description = "Seed node address, e.g. akka.ssl.tcp://provisioner@10.0.0.1:4053 (akka.tcp:// without cluster TLS); repeatable [env PROVISIONER_SEEDS, comma-separated; default: this member]", AllowMultipleArgumentsPerToken = false };
        var db = new Option<string?>("--db") { Description = "Journal database: sqlite or postgres [env PROVISIONER_DB, default sqlite]" };
        var connection = new Option<string?>("--db-connection") { Description = "Journal connection string [env PROVISIONER_DB_CONNECTION, default Data Source=provisioner.db]" };
        var nats = new Option<string?>("--nats") { Description = "NATS URL, without user or password (provisioner.nats.user and password-file) [env PROVISIONER_NATS_URL]" };
        var metrics = new Option<int?>("--metrics-port") { Description = "Serve /metrics, /healthz and /readyz on PORT [env PROVISIONER_METRICS_PORT]" };
        var metricsBind = new Option<string?>("--metrics-bind") { Description = "The address the monitoring port listens on [env PROVISIONER_METRICS_BIND, default 0.0.0.0]" };
        var console = new Option<string?>("--console") { Description = "Console endpoint host:port [env PROVISIONER_CONSOLE, default 127.0.0.1:9110]" };
        var web = new Option<string?>("--web") { Description = "Web view host:port, or off [env PROVISIONER_WEB, default 127.0.0.1:9120]" };
        var tlsCert = new Option<string?>("--cluster-tls-cert") { Description = "This member's certificate (PEM) for mutual TLS between members [env PROVISIONER_CLUSTER_TLS_CERT, provisioner.cluster.tls.cert]" };
        var tlsKey = new Option<string?>("--cluster-tls-key") { Description = "Its private key (PEM) [env PROVISIONER_CLUSTER_TLS_KEY, provisioner.cluster.tls.key]" };
        var tlsCa = new Option<string?>("--cluster-tls-ca") { Description = "The cluster CA certificate (PEM) peers must chain to [env PROVISIONER_CLUSTER_TLS_CA, provisioner.cluster.tls.ca]" };
        var checkConfig = new Option<bool>("--check-config") { Description = "Check the settings and that every key, CA and file they name loads; print the effective settings (secrets masked) and exit" };
        var log = new LogOptions();
        var command = new Command("member", "Run a cluster member that discovers and provisions machines");
        foreach (var o in new Option[] { checkConfig, config, choriaConfig, choriaClientConfig, hostname, port, seeds, db, connection, nats, metrics, metricsBind, console, web, tlsCert, tlsKey, tlsCa })
        {
            command.Options.Add(o);
        }
        log.AddTo(command);
        command.SetAction(async (parsed, cancellation) =>
        {
            var flags = new MemberFlags
            {
                ConfigFiles = (parsed.GetValue(config) ?? []).Select(f => f.FullName).ToList(),
                ChoriaConfig = parsed.GetValue(choriaConfig),
                ChoriaClientConfig = parsed.GetValue(choriaClientConfig),
                Hostname = parsed.GetValue(hostname),
                Port = parsed.GetValue(port),
                Seeds = parsed.GetValue(seeds) ?? [],
                Database = parsed.GetValue(db),
                Connection = parsed.GetValue(connection),
                NatsUrl = parsed.GetValue(nats),
                MetricsPort = parsed.GetValue(metrics),
                MetricsBind = parsed.GetValue(metricsBind),
                Console = parsed.GetValue(console),
                Web = parsed.GetValue(web),
                ClusterTlsCert = parsed.GetValue(tlsCert),
                ClusterTlsKey = parsed.GetValue(tlsKey),
                ClusterTlsCa = parsed.GetValue(tlsCa),
                LogLevel = parsed.GetValue(log.Level),
                LogFormat = parsed.GetValue(log.Format),
                LogFile = parsed.GetValue(log.File),
            };
            return parsed.GetValue(checkConfig) ? await CheckAsync(flags, io, cancellation) : await RunAsync(flags, io, cancellation);
        });
        return command;
    }

    private static async Task<int> CheckAsync(MemberFlags flags, CliWriters io, CancellationToken cancellation)
    {
        try
        {
            var settings = MemberSettings.Resolve(flags, ProvisionerVariables.FromProcess);
            await MemberHost.CheckAsync(settings, cancellation);
            foreach (var line in EffectiveSettings.Lines(settings))
            {
                await io.Out.WriteLineAsync(line);
            }
            return ExitCodes.Ok;
        }
        catch (MemberConfigurationException e)
        {
            return await RefuseAsync(e, io);
        }
    }

    private static async Task<int> RefuseAsync(MemberConfigurationException e, CliWriters io)
    {
        foreach (var problem in e.Problems)
        {
            await io.Error.WriteLineAsync($"error: {problem}");
        }
        return ExitCodes.UsageOrIo;
    }

    private static async Task<int> RunAsync(MemberFlags flags, CliWriters io, CancellationToken cancellation)
    {
        MemberSettings settings;
        try
        {
            settings = MemberSettings.Resolve(flags, ProvisionerVariables.FromProcess);
        }
        catch (MemberConfigurationException e)
        {
            return await RefuseAsync(e, io);
        }
        OpenTelemetry.Trace.TracerProvider? tracing;
        try
        {
            tracing = Telemetry.TracingSetup.FromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (FormatException e)
        {
            return await RefuseAsync(new MemberConfigurationException([e.Message]), io);
        }
        using var tracer = tracing;
        using var log = LogPipeline.Open(settings.Provisioner.Log, io.Out);
        MemberHost member;
        try
        {
            member = await MemberHost.StartAsync(settings, log.Loggers, cancellation);
        }
        catch (MemberConfigurationException e)
        {
            return await RefuseAsync(e, io);
        }
        await io.Out.WriteLineAsync($"member {member.Address} is up (Ctrl-C or SIGTERM to leave)");
        var stop = new TaskCompletionSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var registration = cancellation.Register(() => stop.TrySetResult());
        await Task.WhenAny(stop.Task, member.System.WhenTerminated);
        await io.Out.WriteLineAsync($"member {member.Address} is leaving");
        await member.DisposeAsync();
        return ExitCodes.Ok;
    }
}
