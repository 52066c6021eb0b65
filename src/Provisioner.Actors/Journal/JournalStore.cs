using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Provisioner.Actors.Journal;

/// <summary>
/// Where a cluster's journal lives: the database and its connection string. The one place that turns an
/// operator's database name into a <see cref="JournalDatabase"/> and a journal into an ADO.NET connection.
/// </summary>
public sealed record JournalStore(JournalDatabase Database, string ConnectionString)
{
    /// <summary>The names <c>--db</c> and <c>PROVISIONER_DB</c> accept, case-insensitively.</summary>
    public static bool TryParseDatabase(string name, out JournalDatabase database)
    {
        (var known, database) = name.ToLowerInvariant() switch
        {
            "sqlite" => (true, JournalDatabase.Sqlite),
            "postgres" or "postgresql" => (true, JournalDatabase.Postgres),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>
    /// The connection string the member's persistence plugins use: PostgreSQL's pool is capped per member
    /// (<see cref="PostgresConnectionPool"/>).
    /// </summary>
    public string PluginConnectionString => Database == JournalDatabase.Postgres
        ? PostgresConnectionPool.WithDefaultCap(ConnectionString)
        : ConnectionString;

    /// <summary>
    /// An unopened connection to the journal. A reader asks for <paramref name="readOnly"/> so that reading a
    /// SQLite journal never takes the writer's lock from the members.
    /// </summary>
    public DbConnection Connect(bool readOnly = false) => Database switch
    {
        JournalDatabase.Sqlite => new SqliteConnection(readOnly ? ConnectionString + ";Mode=ReadOnly" : ConnectionString),
        _ => new NpgsqlConnection(PluginConnectionString),
    };
}
