using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Provisioner.Security.Files;

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
    /// and prepares what it runs often (<see cref="PostgresConnectionDefaults"/>).
    /// </summary>
    public string PluginConnectionString => Database == JournalDatabase.Postgres
        ? PostgresConnectionDefaults.Apply(ConnectionString)
        : ConnectionString;

    /// <summary>
    /// Creates a SQLite journal file that does not exist yet, empty and 0600, so that SQLite, which would create it
    /// with the umask's mode, finds it made: the journal holds what nodes were sent. SQLite gives its -wal and -shm
    /// files the database file's mode. An existing file, an in-memory database and PostgreSQL are left as they are.
    /// </summary>
    public void CreatePrivateFile()
    {
        if (!IsSqliteFile)
        {
            return;
        }
        var path = Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        if (File.Exists(path) || OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileModes.Secret });
            File.SetUnixFileMode(file.SafeFileHandle, FileModes.Secret);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another member on this box created it first, the same way.
        }
    }

    /// <summary>Whether this is a SQLite journal in a plain file path: not in memory, not a <c>file:</c> URI.</summary>
    public bool IsSqliteFile
    {
        get
        {
            if (Database != JournalDatabase.Sqlite)
            {
                return false;
            }
            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            return builder.Mode != SqliteOpenMode.Memory && builder.DataSource is not ("" or ":memory:") && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// An unopened connection to the journal. A reader asks for <paramref name="readOnly"/> so that reading a
    /// SQLite journal never takes the writer's lock from the members.
    /// </summary>
    public DbConnection Connect(bool readOnly = false) => Database switch
    {
        JournalDatabase.Sqlite => new SqliteConnection(readOnly ? ConnectionString + ";Mode=ReadOnly" : ConnectionString),
        _ => new NpgsqlConnection(PluginConnectionString),
    };

    /// <summary>
    /// What every connection writing a SQLite journal sets first: WAL and synchronous=NORMAL roughly double the write
    /// rate, and a writer waits for the lock instead of failing. PRAGMAs cannot go in the connection string.
    /// </summary>
    public static void ApplySqlitePragmas(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        command.ExecuteNonQuery();
    }
}
