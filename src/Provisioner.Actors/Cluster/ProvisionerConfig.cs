using Provisioner.Actors.Journal;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using LinqToDB;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// Builds a member's configuration from hocon/base.conf, the database file and the few per-member values
/// (ports, seeds, connection string) that environment and CLI may override.
/// </summary>
public static class ProvisionerConfig
{
    /// <summary>The folder holding the .conf files (copied beside the binaries).</summary>
    public static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    public static Config Load(ClusterOptions options)
    {
        var file = options.Database == JournalDatabase.Sqlite ? "sqlite.conf" : "postgres.conf";
        var seeds = string.Join(", ", options.SeedNodes.Select(Quote));
        var connection = options.Database == JournalDatabase.Postgres
            ? PostgresConnectionPool.WithDefaultCap(options.ConnectionString)
            : options.ConnectionString;
        var overrides = $$"""
            akka.remote.dot-netty.tcp.hostname = {{Quote(options.Hostname)}}
            akka.remote.dot-netty.tcp.port = {{options.Port}}
            akka.cluster.seed-nodes = [{{seeds}}]
            {{JournalPlugins.Journal}}.connection-string = {{Quote(connection)}}
            {{JournalPlugins.SnapshotStore}}.connection-string = {{Quote(connection)}}
            {{JournalPlugins.Query}}.connection-string = {{Quote(connection)}}
            """;
        var config = ConfigurationFactory.ParseString(overrides);
        if (!string.IsNullOrWhiteSpace(options.ExtraHocon))
        {
            config = ConfigurationFactory.ParseString(options.ExtraHocon).WithFallback(config);
        }
        // The plugin's reference settings load only when its extension starts, which is after sharding's
        // remember-entities store asks for the journal: fold them in up front.
        return config
            .WithFallback(ReadFile(file))
            .WithFallback(ReadFile("base.conf"))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// The actor system setup: the configuration, plus for SQLite the per-connection PRAGMAs (WAL and
    /// synchronous=NORMAL roughly double throughput; PRAGMAs cannot go in the connection string).
    /// </summary>
    public static ActorSystemSetup Setup(ClusterOptions options)
    {
        var bootstrap = BootstrapSetup.Create().WithConfig(Load(options));
        if (options.Database != JournalDatabase.Sqlite)
        {
            return ActorSystemSetup.Create(bootstrap);
        }
        var data = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, options.ConnectionString)
            .UseAfterConnectionOpened(ApplySqlitePragmas);
        var multi = new MultiDataOptionsSetup();
        multi.AddDataOptions(JournalPlugins.Journal, data);
        multi.AddDataOptions(JournalPlugins.SnapshotStore, data);
        multi.AddDataOptions(JournalPlugins.Query, data);
        return bootstrap.And(multi);
    }

    private static void ApplySqlitePragmas(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        command.ExecuteNonQuery();
    }

    private static Config ReadFile(string name)
    {
        var path = Path.Combine(HoconDirectory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file {path} is missing (hocon/ must be deployed beside the binaries)", path);
        }
        return ConfigurationFactory.ParseString(File.ReadAllText(path));
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
