using Provisioner.Actors.Journal;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Provisioner.Actors.Telemetry;

namespace Provisioner.Actors.Cluster;

/// <summary>
/// Builds a member's configuration: its typed per-member values (ports, seeds, connection string, the build's version) over the
/// operator's HOCON, over the database file and hocon/base.conf.
/// </summary>
public static class ProvisionerConfig
{
    /// <summary>The folder holding the .conf files (copied beside the binaries).</summary>
    public static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    public static Config Load(ClusterOptions options)
    {
        var connection = options.Journal.PluginConnectionString;
        var typed = Value("akka.remote.dot-netty.tcp.hostname", options.Hostname)
            .WithFallback(Value("akka.remote.dot-netty.tcp.port", options.Port))
            .WithFallback(Value("akka.cluster.seed-nodes", options.SeedNodes))
            .WithFallback(Value($"{JournalPlugins.Journal}.connection-string", connection))
            .WithFallback(Value($"{JournalPlugins.SnapshotStore}.connection-string", connection))
            .WithFallback(Value($"{JournalPlugins.Query}.connection-string", connection))
            // Members show each other's build (`cluster show`), and sharding knows when versions are mixed.
            .WithFallback(Value("akka.cluster.app-version", BuildInfo.Current.Version));
        if (options.Tls is not null)
        {
            typed = Value("akka.remote.dot-netty.tcp.enable-ssl", true).WithFallback(typed);
        }
        return typed
            .WithFallback(options.Overrides ?? Config.Empty)
            .WithFallback(Defaults(options.Journal.Database));
    }

    /// <summary>
    /// What hocon/ says for a journal database: its file over base.conf. The plugin's reference settings load
    /// only when its extension starts, which is after sharding's remember-entities store asks for the journal,
    /// so they are folded in up front. Distributed data's too: its serializers are otherwise registered only when
    /// sharding starts it, and a member that joins hears the others' replicators before that (a transient
    /// "Cannot find serializer with id [12]" on every join).
    /// </summary>
    public static Config Defaults(JournalDatabase database) =>
        ReadFile(database == JournalDatabase.Sqlite ? "sqlite.conf" : "postgres.conf")
            .WithFallback(ReadFile("base.conf"))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration)
            .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig());

    /// <summary>
    /// One typed setting as configuration. Akka serialises the value as JSON, so a hostname or connection string
    /// holding quotes or backslashes arrives intact without anyone writing HOCON text.
    /// </summary>
    public static Config Value(string path, object value) =>
        ConfigurationFactory.FromObject(path.Split('.').Reverse().Aggregate(value, (inner, key) => new Dictionary<string, object> { [key] = inner }));

    /// <summary>
    /// The actor system setup: the configuration, the cluster TLS when <see cref="ClusterOptions.Tls"/> is set, plus
    /// for SQLite the per-connection PRAGMAs (WAL and synchronous=NORMAL roughly double throughput; PRAGMAs cannot go
    /// in the connection string).
    /// </summary>
    /// <exception cref="Security.Pki.PkiException">A cluster TLS file is missing or wrong; the message names it.</exception>
    public static ActorSystemSetup Setup(ClusterOptions options)
    {
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(Load(options)));
        if (options.Tls is not null)
        {
            setup = setup.And(ClusterTls.Setup(options.Tls));
        }
        if (options.Journal.Database != JournalDatabase.Sqlite)
        {
            return setup;
        }
        var data = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, options.Journal.ConnectionString)
            .UseAfterConnectionOpened(JournalStore.ApplySqlitePragmas);
        var multi = new MultiDataOptionsSetup();
        multi.AddDataOptions(JournalPlugins.Journal, data);
        multi.AddDataOptions(JournalPlugins.SnapshotStore, data);
        multi.AddDataOptions(JournalPlugins.Query, data);
        return setup.And(multi);
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
}
