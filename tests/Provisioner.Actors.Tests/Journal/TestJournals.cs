using Provisioner.Actors.Journal;
using Provisioner.Testing;

namespace Provisioner.Actors.Tests.Journal;

/// <summary>
/// A test's own journal on either database: a SQLite file in a temporary directory, or a PostgreSQL 15 server of its
/// own. Disposing stops the server and deletes the directory.
/// </summary>
internal sealed class TestJournals(string name) : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory($"provisioner-{name}-").FullName;
    private PostgresServerProcess? _postgres;

    public async Task<JournalStore> OnAsync(JournalDatabase database)
    {
        if (database == JournalDatabase.Sqlite)
        {
            var store = new JournalStore(JournalDatabase.Sqlite, $"Data Source={Path.Combine(_dir, "journal.db")}");
            store.CreatePrivateFile();
            return store;
        }
        _postgres = await PostgresServerProcess.StartAsync();
        return new JournalStore(JournalDatabase.Postgres, _postgres.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
