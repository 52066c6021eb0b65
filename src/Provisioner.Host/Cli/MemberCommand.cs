using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Provisioner.Actors.Cluster;
using Provisioner.Host.Members;

namespace Provisioner.Host.Cli;

/// <summary>
/// <c>provisioner member</c>: runs one cluster member until SIGTERM or Ctrl-C, then leaves gracefully.
/// Precedence: command-line flags, then PROVISIONER_* environment variables, then the --config file, then hocon/base.conf.
/// </summary>
public static class MemberCommand
{
    public static Command Create(CliWriters io)
    {
        var config = new Option<FileInfo[]>("--config") { Description = "HOCON file with provisioner { } settings (and any akka overrides); repeatable, later files win", AllowMultipleArgumentsPerToken = false };
        var hostname = new Option<string?>("--hostname") { Description = "Address other members reach this one on [env PROVISIONER_HOSTNAME, default 127.0.0.1]" };
        var port = new Option<int?>("--port") { Description = "Cluster port [env PROVISIONER_PORT, default 4053]" };
        var seeds = new Option<string[]>("--seed") { Description = "Seed node address, e.g. akka.tcp://provisioner@127.0.0.1:4053; repeatable [env PROVISIONER_SEEDS, comma-separated; default: this member]", AllowMultipleArgumentsPerToken = false };
        var db = new Option<string?>("--db") { Description = "Journal database: sqlite or postgres [env PROVISIONER_DB, default sqlite]" };
        var connection = new Option<string?>("--db-connection") { Description = "Journal connection string [env PROVISIONER_DB_CONNECTION, default Data Source=provisioner.db]" };
        var nats = new Option<string?>("--nats") { Description = "NATS URL [env PROVISIONER_NATS_URL]" };
        var metrics = new Option<int?>("--metrics-port") { Description = "Serve Prometheus /metrics on 127.0.0.1:PORT [env PROVISIONER_METRICS_PORT]" };
        var console = new Option<string?>("--console") { Description = "Console endpoint host:port [env PROVISIONER_CONSOLE, default 127.0.0.1:9110]" };
        var command = new Command("member", "Run a cluster member that discovers and provisions machines");
        foreach (var o in new Option[] { config, hostname, port, seeds, db, connection, nats, metrics, console })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parsed, cancellation) =>
        {
            var options = Resolve(
                parsed.GetValue(config) ?? [], parsed.GetValue(hostname), parsed.GetValue(port), parsed.GetValue(seeds) ?? [],
                parsed.GetValue(db), parsed.GetValue(connection), parsed.GetValue(nats), parsed.GetValue(metrics), parsed.GetValue(console));
            return await RunAsync(options, io, cancellation);
        });
        return command;
    }

    /// <summary>Combines flags, environment and the config file into the member's options.</summary>
    public static ClusterOptions Resolve(FileInfo[] configFiles, string? hostname, int? port, string[] seeds, string? db, string? connection, string? nats, int? metricsPort, string? console)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        var host = hostname ?? Env("PROVISIONER_HOSTNAME") ?? "127.0.0.1";
        var portText = port?.ToString() ?? Env("PROVISIONER_PORT") ?? "4053";
        if (!int.TryParse(portText, out var clusterPort) || clusterPort is < 0 or > 65535)
        {
            throw new UsageException($"cluster port '{portText}' is not a port number");
        }
        var seedList = seeds.Length > 0 ? seeds : (Env("PROVISIONER_SEEDS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []);
        if (seedList.Length == 0)
        {
            seedList = [$"akka.tcp://{ClusterOptions.DefaultSystemName}@{host}:{clusterPort}"];
        }
        var database = (db ?? Env("PROVISIONER_DB") ?? "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => JournalDatabase.Sqlite,
            "postgres" or "postgresql" => JournalDatabase.Postgres,
            var other => throw new UsageException($"--db must be sqlite or postgres, not '{other}'"),
        };
        var connectionString = connection ?? Env("PROVISIONER_DB_CONNECTION")
            ?? (database == JournalDatabase.Sqlite ? "Data Source=provisioner.db" : throw new UsageException("--db postgres needs --db-connection or PROVISIONER_DB_CONNECTION"));

        var extra = new List<string>();
        foreach (var configFile in configFiles)
        {
            if (!configFile.Exists) throw new UsageException($"--config: {configFile.FullName} does not exist");
            extra.Add(File.ReadAllText(configFile.FullName));
        }
        if ((nats ?? Env("PROVISIONER_NATS_URL")) is { } natsUrl) extra.Add($"provisioner.nats.url = {Quote(natsUrl)}");
        if ((metricsPort?.ToString() ?? Env("PROVISIONER_METRICS_PORT")) is { } metrics) extra.Add($"provisioner.metrics-port = {Quote(metrics)}");
        if ((console ?? Env("PROVISIONER_CONSOLE")) is { } bind) extra.Add($"provisioner.console.bind = {Quote(bind)}");
        return new ClusterOptions(host, clusterPort, seedList, database, connectionString, ExtraHocon: string.Join("\n", extra));
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static async Task<int> RunAsync(ClusterOptions options, CliWriters io, CancellationToken cancellation)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        }).SetMinimumLevel(LogLevel.Information).AddFilter("NATS", LogLevel.Warning));
        MemberHost member;
        try
        {
            member = await MemberHost.StartAsync(options, loggers, cancellation);
        }
        catch (MemberConfigurationException e)
        {
            foreach (var problem in e.Problems)
            {
                await io.Error.WriteLineAsync($"error: {problem}");
            }
            return ExitCodes.UsageOrIo;
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
