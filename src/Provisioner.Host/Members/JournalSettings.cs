using Akka.Configuration;
using Provisioner.Actors.Cluster;
using Provisioner.Actors.Journal;

namespace Provisioner.Host.Members;

/// <summary>
/// Which journal a member writes and <c>provisioner report</c> reads: the flag, else PROVISIONER_DB and
/// PROVISIONER_DB_CONNECTION, else the operator's HOCON, else the embedded SQLite file of hocon/sqlite.conf.
/// </summary>
public static class JournalSettings
{
    private const string ConnectionKey = JournalPlugins.Journal + ".connection-string";

    /// <exception cref="MemberConfigurationException">An unknown database, or PostgreSQL without a connection string.</exception>
    public static JournalStore Resolve(string? databaseFlag, string? connectionFlag, Func<string, string?> environment, Config files)
    {
        var name = databaseFlag ?? environment(ProvisionerVariables.Database) ?? "sqlite";
        if (!JournalStore.TryParseDatabase(name, out var database))
        {
            throw new MemberConfigurationException([$"--db must be sqlite or postgres, not '{name}'"]);
        }
        var connection = connectionFlag
            ?? environment(ProvisionerVariables.Connection)
            ?? (!files.IsEmpty && files.HasPath(ConnectionKey) ? files.GetString(ConnectionKey) : null)
            // PostgreSQL has no safe default: a member must not write to whatever server answers on localhost.
            ?? (database == JournalDatabase.Sqlite
                ? ProvisionerConfig.Defaults(database).GetString(ConnectionKey)
                : throw new MemberConfigurationException(["--db postgres needs --db-connection or PROVISIONER_DB_CONNECTION"]));
        return new JournalStore(database, connection);
    }
}
